package io.tributary.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.gateway.config.Backend;
import io.tributary.gateway.config.GatewayConfig;
import io.tributary.gateway.proxy.BackendClients;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Fetches the services' OpenAPI documents and keeps the merged one for a short while. */
@ApplicationScoped
public class OpenApiAggregator {

    static final String DOCUMENT_PATH = "/q/openapi?format=json";

    /** A backend answered, but not with a document. */
    public static final class NotADocument extends IOException {
        public NotADocument(String message) {
            super(message);
        }
    }

    private final BackendClients clients;
    private final ObjectMapper json;
    private final long timeoutMillis;
    private final long ttlNanos;
    private final long maxBytes;
    private CompletableFuture<ObjectNode> merged;
    private long mergedAt;

    OpenApiAggregator(BackendClients clients, ObjectMapper json, GatewayConfig config) {
        this.clients = clients;
        this.json = json;
        this.timeoutMillis = config.openapi().timeout().toMillis();
        this.ttlNanos = config.openapi().cacheTtl().toNanos();
        this.maxBytes = config.openapi().maxDocumentBytes();
    }

    /** One backend's document, as the backend wrote it. */
    public Future<Buffer> document(Backend backend) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setURI(DOCUMENT_PATH)
                .addHeader("Accept", "application/json")
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis);
        return clients.client(backend)
                .request(options)
                .compose(request -> request.send())
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        response.end();
                        return Future.failedFuture(
                                new NotADocument(backend.serviceName() + " answered HTTP " + response.statusCode()));
                    }
                    Promise<Buffer> body = Promise.promise();
                    Buffer collected = Buffer.buffer();
                    response.handler(chunk -> {
                        if (collected.length() + chunk.length() > maxBytes) {
                            response.request().reset();
                            body.tryFail(new NotADocument(
                                    backend.serviceName() + "'s document exceeds " + maxBytes + " bytes"));
                        } else {
                            collected.appendBuffer(chunk);
                        }
                    });
                    response.exceptionHandler(body::tryFail);
                    response.endHandler(ignored -> body.tryComplete(collected));
                    return body.future();
                });
    }

    /** The merged document of every service that answered, reused for the configured time. */
    public synchronized CompletionStage<ObjectNode> merged() {
        long now = System.nanoTime();
        if (merged != null && (!merged.isDone() || now - mergedAt < ttlNanos)) {
            return merged;
        }
        mergedAt = now;
        merged = fetchAll();
        return merged;
    }

    private CompletableFuture<ObjectNode> fetchAll() {
        List<Backend> backends = List.of(Backend.values());
        List<CompletableFuture<Object>> fetches = backends.stream()
                .map(backend -> document(backend)
                        .map(bytes -> (Object) parse(backend, bytes))
                        .otherwise(failure -> failure)
                        .toCompletionStage()
                        .toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    Map<String, JsonNode> documents = new LinkedHashMap<>();
                    Map<String, String> missing = new LinkedHashMap<>();
                    for (int i = 0; i < backends.size(); i++) {
                        Object outcome = fetches.get(i).join();
                        if (outcome instanceof JsonNode doc) {
                            documents.put(backends.get(i).key(), doc);
                        } else {
                            missing.put(backends.get(i).key(), reason((Throwable) outcome));
                        }
                    }
                    return OpenApiMerger.merge(documents, missing);
                });
    }

    private Object parse(Backend backend, Buffer bytes) {
        try {
            JsonNode doc = json.readTree(bytes.getBytes());
            if (doc == null || !doc.isObject() || !doc.has("openapi")) {
                return new NotADocument(backend.serviceName() + " did not send an OpenAPI 3 document");
            }
            return doc;
        } catch (IOException malformed) {
            return new NotADocument(backend.serviceName() + " sent malformed JSON");
        }
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
