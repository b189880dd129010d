package io.tributary.query.store;

import io.tributary.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Queries read table files from the warehouse, so the service is ready only while it can read there. */
@Readiness
@ApplicationScoped
public class WarehouseReadiness implements HealthCheck {

    private final Path warehouse;

    WarehouseReadiness(QueryConfig config) {
        this.warehouse = config.warehouse().toAbsolutePath().normalize();
    }

    @Override
    public HealthCheckResponse call() {
        boolean readable = Files.isDirectory(warehouse) && Files.isReadable(warehouse);
        return HealthCheckResponse.named("warehouse")
                .status(readable)
                .withData("path", warehouse.toString())
                .withData("state", readable ? "readable" : Files.exists(warehouse) ? "not readable" : "missing")
                .build();
    }
}
