package io.tributary.gateway.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.tributary.gateway.config.Backend;
import io.tributary.gateway.proxy.BackendClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** One readiness check per backend: the gateway is ready only when every service behind it is. */
@ApplicationScoped
public class BackendReadinessChecks {

    @Produces
    @Readiness
    @Singleton
    AsyncHealthCheck catalog(BackendProbe probe, BackendClients clients) {
        return check(Backend.CATALOG, probe, clients);
    }

    @Produces
    @Readiness
    @Singleton
    AsyncHealthCheck ingest(BackendProbe probe, BackendClients clients) {
        return check(Backend.INGEST, probe, clients);
    }

    @Produces
    @Readiness
    @Singleton
    AsyncHealthCheck query(BackendProbe probe, BackendClients clients) {
        return check(Backend.QUERY, probe, clients);
    }

    @Produces
    @Readiness
    @Singleton
    AsyncHealthCheck governance(BackendProbe probe, BackendClients clients) {
        return check(Backend.GOVERNANCE, probe, clients);
    }

    static AsyncHealthCheck check(Backend backend, BackendProbe probe, BackendClients clients) {
        String url = clients.url(backend).toString();
        return () -> Uni.createFrom()
                .completionStage(() -> probe.probe(backend))
                .map(result -> HealthCheckResponse.named(backend.serviceName())
                        .status(result.ready())
                        .withData("url", url)
                        .withData("state", result.ready() ? "ready" : "not ready")
                        .withData("detail", result.detail())
                        .build());
    }
}
