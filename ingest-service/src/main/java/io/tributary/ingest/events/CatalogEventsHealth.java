package io.tributary.ingest.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether catalog events are being followed. Always UP: without them contracts are still refreshed by their cache
 * TTL, only later.
 */
@Readiness
@ApplicationScoped
public class CatalogEventsHealth implements HealthCheck {

    @Inject
    CatalogEventsListener listener;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("catalog-events").up();
        if (!listener.enabled()) {
            return response.withData("state", "disabled").build();
        }
        response.withData("partitions", listener.partitions()).withData("handled", listener.handled());
        response.withData(
                "state",
                listener.partitions() > 0
                        ? "following"
                        : "degraded: not connected; contracts are refreshed by their cache TTL only");
        if (listener.lastEvent() != null) {
            response.withData("lastEvent", listener.lastEvent().toString());
        }
        return response.build();
    }
}
