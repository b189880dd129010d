package io.tributary.gateway.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code tributary_gateway_requests_total{route,status}}, {@code tributary_gateway_upstream_seconds{route}} and
 * {@code tributary_gateway_rate_limited_total{route}}. Labels stay bounded: five routes, HTTP status codes.
 */
@ApplicationScoped
public class GatewayMetrics {

    static final String DENIED = "tributary.security.denied.requests";

    private final MeterRegistry registry;
    private final Map<ProxyRoute, Timer> upstream = new EnumMap<>(ProxyRoute.class);
    private final Map<ProxyRoute, Counter> rateLimited = new EnumMap<>(ProxyRoute.class);
    private final Counter unauthenticated;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ProxyRoute route : ProxyRoute.values()) {
            upstream.put(
                    route,
                    Timer.builder("tributary.gateway.upstream")
                            .description("Time from forwarding a request until the backend's response headers arrive")
                            .tag("route", route.tag())
                            .register(registry));
            rateLimited.put(
                    route,
                    Counter.builder("tributary.gateway.rate.limited")
                            .description("Requests refused because the client exceeded its rate limit")
                            .tag("route", route.tag())
                            .register(registry));
        }
        // Same meter the services' JAX-RS mappers feed, so one dashboard shows all rejected tokens.
        unauthenticated = registry.counter(DENIED, "reason", "unauthenticated");
    }

    void answered(ProxyRoute route, int status) {
        registry.counter("tributary.gateway.requests", "route", route.tag(), "status", Integer.toString(status))
                .increment();
    }

    void upstreamResponded(ProxyRoute route, long startedNanos) {
        upstream.get(route).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    void rateLimited(ProxyRoute route) {
        rateLimited.get(route).increment();
    }

    void unauthenticated() {
        unauthenticated.increment();
    }
}
