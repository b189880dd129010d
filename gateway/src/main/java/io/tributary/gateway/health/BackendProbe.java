package io.tributary.gateway.health;

import io.tributary.gateway.config.Backend;
import io.tributary.gateway.config.GatewayConfig;
import io.tributary.gateway.proxy.BackendClients;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks each backend's own readiness endpoint whether it is ready. Answers are reused for a short while and
 * concurrent probes share one request, so frequent orchestrator probes never multiply into backend traffic.
 */
@ApplicationScoped
public class BackendProbe {

    /**
     * @param ready  whether the backend said it is ready
     * @param detail the backend's status code, or why it could not be asked
     */
    public record Result(boolean ready, String detail) {}

    private record Cached(long at, CompletableFuture<Result> result) {}

    private final BackendClients clients;
    private final long ttlNanos;
    private final long timeoutMillis;
    private final Map<Backend, Cached> cache = new EnumMap<>(Backend.class);

    BackendProbe(BackendClients clients, GatewayConfig config) {
        this.clients = clients;
        this.ttlNanos = config.health().cacheTtl().toNanos();
        this.timeoutMillis = config.health().timeout().toMillis();
    }

    public CompletionStage<Result> probe(Backend backend) {
        long now = System.nanoTime();
        synchronized (cache) {
            Cached cached = cache.get(backend);
            // An unfinished probe is shared whatever its age; its own timeout bounds it.
            if (cached != null && (!cached.result().isDone() || now - cached.at() < ttlNanos)) {
                return cached.result();
            }
            CompletableFuture<Result> result = new CompletableFuture<>();
            cache.put(backend, new Cached(now, result));
            ask(backend)
                    .onComplete(outcome -> result.complete(
                            outcome.succeeded() ? outcome.result() : new Result(false, describe(outcome.cause()))));
            return result;
        }
    }

    private Future<Result> ask(Backend backend) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setURI("/q/health/ready")
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis);
        return clients.client(backend)
                .request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .map(status -> new Result(status == 200, "HTTP " + status));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
