package io.tributary.auth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.tributary.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The admin endpoints every service exposes under {@code /api/<area>/v1/admin}. A service subclasses it
 * with its own {@code @Path} and names the configuration prefixes it owns.
 */
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public abstract class AdminResourceBase {

    private static final List<String> COMMON_PREFIXES = List.of(
            "tributary.",
            "quarkus.application.",
            "quarkus.http.port",
            "quarkus.oidc.auth-server-url",
            "quarkus.oidc.client-id",
            "quarkus.oidc.credentials.",
            "quarkus.oidc.token.",
            "quarkus.datasource.",
            "kafka.",
            "quarkus.profile");

    @Inject
    Config config;

    @Inject
    SmallRyeHealthReporter health;

    @Inject
    ObjectMapper json;

    /** Extra prefixes of this service, beyond the ones every service shows. */
    protected List<String> servicePrefixes() {
        return List.of();
    }

    /** The effective configuration under the service's prefixes, secrets redacted. */
    @GET
    @Path("config")
    public Map<String, String> config() {
        List<String> prefixes = new java.util.ArrayList<>(COMMON_PREFIXES);
        prefixes.addAll(servicePrefixes());
        return EffectiveConfig.redacted(
                config.getPropertyNames(),
                name -> config.getOptionalValue(name, String.class).orElse(null),
                prefixes);
    }

    /** The state of every dependency the service checks for readiness, with the reason of any that is down. */
    @GET
    @Path("dependencies")
    public Response dependencies() throws IOException {
        SmallRyeHealth readiness = health.getReadiness();
        JsonNode body = json.readTree(readiness.getPayload().toString());
        return Response.status(readiness.isDown() ? 503 : 200).entity(body).build();
    }

    protected Optional<String> property(String name) {
        return config.getOptionalValue(name, String.class);
    }
}
