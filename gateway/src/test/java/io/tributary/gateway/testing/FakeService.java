package io.tributary.gateway.testing;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for one Tributary service, reached through the gateway. What it does depends on the last path
 * segment: {@code upload} and {@code download} stream bodies, {@code slow} never answers, {@code reset} drops the
 * connection, {@code status/<code>} answers that code, anything else echoes the request. Under {@code /test/} it
 * reports what it saw, for assertions made from the test side.
 */
final class FakeService implements Handler<HttpServerRequest> {

    private final String name;
    private final Map<String, AtomicLong> hits = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> uploaded = new ConcurrentHashMap<>();
    private final Map<String, Promise<Void>> releases = new ConcurrentHashMap<>();

    FakeService(String name) {
        this.name = name;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/q/health/ready")) {
            json(request, 200, new JsonObject().put("status", "UP"));
        } else if (path.equals("/q/openapi")) {
            json(request, 200, FakeOpenApi.document(name));
        } else if (path.startsWith("/test/")) {
            testControl(request, path.substring("/test/".length()));
        } else {
            hits.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
            proxied(request, path);
        }
    }

    private void testControl(HttpServerRequest request, String what) {
        String id = request.getParam("id", "");
        switch (what) {
            case "hits" ->
                json(
                        request,
                        200,
                        new JsonObject()
                                .put(
                                        "count",
                                        hits.getOrDefault(request.getParam("path"), new AtomicLong())
                                                .get()));
            case "progress" ->
                json(
                        request,
                        200,
                        new JsonObject()
                                .put(
                                        "bytes",
                                        uploaded.getOrDefault(id, new AtomicLong())
                                                .get()));
            case "release" -> {
                releases.computeIfAbsent(id, i -> Promise.promise()).tryComplete();
                json(request, 200, new JsonObject().put("released", id));
            }
            default -> json(request, 404, new JsonObject());
        }
    }

    private void proxied(HttpServerRequest request, String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (path.contains("/status/")) {
            request.response()
                    .putHeader("X-Backend-Only", "kept")
                    .putHeader("Keep-Alive", "timeout=5")
                    .putHeader("Connection", "X-Hop-Secret")
                    .putHeader("X-Hop-Secret", "dropped");
            request.response().putHeader("Content-Type", "application/problem+json");
            int status = Integer.parseInt(last);
            request.response()
                    .setStatusCode(status)
                    .end(new JsonObject()
                            .put("status", status)
                            .put("title", "from " + name)
                            .encode());
            return;
        }
        switch (last) {
            case "upload" -> upload(request);
            case "download" -> download(request);
            case "slow" -> request.handler(chunk -> {});
            case "reset" -> request.connection().close();
            default -> echo(request);
        }
    }

    private void echo(HttpServerRequest request) {
        AtomicLong bytes = new AtomicLong();
        request.handler(chunk -> bytes.addAndGet(chunk.length()));
        request.endHandler(ignored -> {
            JsonObject headers = new JsonObject();
            request.headers()
                    .names()
                    .forEach(header -> headers.put(
                            header.toLowerCase(),
                            String.join(",", request.headers().getAll(header))));
            request.response().putHeader("X-Backend", name).putHeader("Keep-Alive", "timeout=5");
            json(
                    request,
                    200,
                    new JsonObject()
                            .put("backend", name)
                            .put("method", request.method().name())
                            .put("uri", request.uri())
                            .put("headers", headers)
                            .put("bodyBytes", bytes.get()));
        });
    }

    private void upload(HttpServerRequest request) {
        String id = request.getHeader("X-Upload-Id");
        AtomicLong count = uploaded.computeIfAbsent(id == null ? "" : id, i -> new AtomicLong());
        MessageDigest digest = TestData.sha256();
        request.handler(chunk -> {
            digest.update(chunk.getBytes());
            count.addAndGet(chunk.length());
        });
        request.endHandler(ignored -> json(
                request,
                200,
                new JsonObject()
                        .put("bytes", count.get())
                        .put("sha256", HexFormat.of().formatHex(digest.digest()))
                        .put("transferEncoding", request.getHeader("Transfer-Encoding"))
                        .put("contentLength", request.getHeader("Content-Length"))));
    }

    /** Sends {@code size} bytes, stopping at {@code pauseAt} until the test releases it by id. */
    private void download(HttpServerRequest request) {
        long size = Long.parseLong(request.getParam("size"));
        long pauseAt = Long.parseLong(request.getParam("pauseAt", "-1"));
        Promise<Void> release = releases.computeIfAbsent(request.getParam("id", ""), i -> Promise.promise());
        HttpServerResponse response = request.response().putHeader("Content-Type", "application/octet-stream");
        if (request.getParam("chunked") != null) {
            response.setChunked(true);
        } else {
            response.putHeader("Content-Length", Long.toString(size));
        }
        Context context = Vertx.currentContext();
        new Object() {
            long position;

            void pump() {
                while (position < size && !response.writeQueueFull()) {
                    if (position == pauseAt && !release.future().isComplete()) {
                        // The release arrives on another connection, maybe another thread: resume on ours.
                        release.future().onComplete(ignored -> context.runOnContext(v -> pump()));
                        return;
                    }
                    long limit = position < pauseAt ? pauseAt : size;
                    int length = (int) Math.min(64 * 1024, limit - position);
                    byte[] chunk = new byte[length];
                    TestData.fill(chunk, position, length);
                    // Advance first: write() may call the drain handler, and so pump(), before it returns.
                    position += length;
                    response.write(Buffer.buffer(chunk));
                }
                if (position >= size) {
                    response.end();
                } else if (response.writeQueueFull()) {
                    response.drainHandler(ignored -> pump());
                }
            }
        }.pump();
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    /** Minimal but distinct OpenAPI documents, with one schema name two services define differently. */
    static final class FakeOpenApi {
        static JsonObject document(String service) {
            JsonObject problem = new JsonObject()
                    .put("type", "object")
                    .put("properties", new JsonObject().put("status", new JsonObject().put("type", "integer")));
            JsonObject page = new JsonObject()
                    .put("type", "object")
                    .put("properties", new JsonObject().put(service + "Items", new JsonObject().put("type", "array")));
            JsonObject operation = new JsonObject()
                    .put("operationId", service + "List")
                    .put("tags", new JsonArray().add(service))
                    .put(
                            "responses",
                            new JsonObject()
                                    .put(
                                            "200",
                                            new JsonObject()
                                                    .put("description", "OK")
                                                    .put(
                                                            "content",
                                                            new JsonObject()
                                                                    .put(
                                                                            "application/json",
                                                                            new JsonObject()
                                                                                    .put(
                                                                                            "schema",
                                                                                            new JsonObject()
                                                                                                    .put(
                                                                                                            "$ref",
                                                                                                            "#/components/schemas/Page"))))));
            return new JsonObject()
                    .put("openapi", "3.0.3")
                    .put("info", new JsonObject().put("title", service + " API").put("version", "v1"))
                    .put("tags", new JsonArray().add(new JsonObject().put("name", service)))
                    .put(
                            "paths",
                            new JsonObject()
                                    .put("/api/" + service + "/v1/items", new JsonObject().put("get", operation)))
                    .put(
                            "components",
                            new JsonObject()
                                    .put(
                                            "schemas",
                                            new JsonObject()
                                                    .put("Problem", problem)
                                                    .put("Page", page)));
        }
    }
}
