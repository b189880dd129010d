package io.tributary.ingest.writer.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** The writer is ready when its loop runs and the catalog answers (Kafka has its own check). */
@Readiness
@ApplicationScoped
public class WriterReadiness implements HealthCheck {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    ProcessRole role;

    @Inject
    WriterRuntime writer;

    @Inject
    WriterCatalogClient catalog;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("lake-writer");
        if (!role.runsWriter()) {
            return response.up().withData("role", "api").build();
        }
        response.withData("catalog", catalog.catalogUri());
        String reason = writer.notRunningBecause();
        if (reason != null) {
            return response.down().withData("waiting-for", reason).build();
        }
        try {
            HttpResponse<Void> live = HTTP.send(
                    HttpRequest.newBuilder(URI.create(catalog.catalogBaseUrl() + "/q/health/live"))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (live.statusCode() != 200) {
                return response.down()
                        .withData("waiting-for", "the catalog answers " + live.statusCode())
                        .build();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return response.down().withData("waiting-for", "the catalog: " + e).build();
        }
        return response.up().build();
    }
}
