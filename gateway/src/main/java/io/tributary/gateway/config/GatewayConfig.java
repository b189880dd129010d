package io.tributary.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything under {@code tributary.gateway}; the launcher sets the backend URLs through env vars. */
@ConfigMapping(prefix = "tributary.gateway")
public interface GatewayConfig {

    @WithDefault("http://127.0.0.1:8081")
    String catalogUrl();

    @WithDefault("http://127.0.0.1:8082")
    String ingestUrl();

    @WithDefault("http://127.0.0.1:8083")
    String queryUrl();

    @WithDefault("http://127.0.0.1:8084")
    String governanceUrl();

    /** Time to open a TCP connection to a backend, or to get one from the pool. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest silence (no bytes either way) tolerated on a proxied exchange before it is answered 504. */
    @WithDefault("60s")
    Duration requestTimeout();

    /** Per-backend overrides, e.g. {@code tributary.gateway.backend.query.request-timeout=300s}. */
    Map<String, BackendOverrides> backend();

    /** Connections kept per backend. */
    @WithDefault("200")
    int maxConnectionsPerBackend();

    /** Seconds a client is told to wait when a backend is down. */
    @WithDefault("5")
    int unavailableRetryAfterSeconds();

    /**
     * Whether X-Forwarded-For/Proto/Host sent by the caller are kept (extended). Turn on only behind an ingress
     * that sets them; otherwise any client could claim another address or host.
     */
    @WithDefault("false")
    boolean trustForwardedHeaders();

    RateLimit rateLimit();

    Health health();

    OpenApi openapi();

    default String url(Backend backend) {
        return switch (backend) {
            case CATALOG -> catalogUrl();
            case INGEST -> ingestUrl();
            case QUERY -> queryUrl();
            case GOVERNANCE -> governanceUrl();
        };
    }

    default Duration connectTimeout(Backend backend) {
        return Optional.ofNullable(backend().get(backend.key()))
                .flatMap(BackendOverrides::connectTimeout)
                .orElse(connectTimeout());
    }

    default Duration requestTimeout(Backend backend) {
        return Optional.ofNullable(backend().get(backend.key()))
                .flatMap(BackendOverrides::requestTimeout)
                .orElse(requestTimeout());
    }

    interface BackendOverrides {
        Optional<Duration> connectTimeout();

        Optional<Duration> requestTimeout();
    }

    interface RateLimit {
        /** Sustained requests per second allowed to one client (the token's {@code azp}, else {@code sub}). */
        @WithDefault("200")
        double requestsPerSecond();

        /** Requests a client may send at once after being idle. */
        @WithDefault("400")
        int burst();

        /** Clients tracked at once; idle clients are forgotten first. */
        @WithDefault("100000")
        int maxClients();
    }

    interface Health {
        /** Timeout of one readiness probe of a backend. */
        @WithDefault("2s")
        Duration timeout();

        /** How long a probe result is reused, so frequent readiness checks do not hammer backends. */
        @WithDefault("2s")
        Duration cacheTtl();
    }

    interface OpenApi {
        /** Timeout of fetching one backend's OpenAPI document. */
        @WithDefault("5s")
        Duration timeout();

        /** How long the merged document is reused. */
        @WithDefault("10s")
        Duration cacheTtl();

        /** Largest backend document accepted. */
        @WithDefault("8388608")
        long maxDocumentBytes();
    }
}
