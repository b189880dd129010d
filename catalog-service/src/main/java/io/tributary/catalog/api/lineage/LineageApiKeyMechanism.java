package io.tributary.catalog.api.lineage;

import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.tributary.auth.TokenRejection;
import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.core.lineage.LineageApiKeys;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lets a configured lineage API key ({@link LineageApiKeys}) post lineage events: on {@code POST /api/v1/lineage} and
 * {@code POST /api/catalog/v1/lineage} only. Every other request, and any bearer that is not a key, goes on to OIDC
 * unchanged, which refuses a wrong key as it refuses any token that is not a JWT. Built at startup, so that a
 * malformed key entry stops the service rather than its first request.
 */
@Startup
@ApplicationScoped
public class LineageApiKeyMechanism implements HttpAuthenticationMechanism {

    static final Set<String> POST_PATHS = Set.of("/api/v1/lineage", "/api/catalog/v1/lineage");

    private final LineageApiKeys keys;

    LineageApiKeyMechanism(CatalogConfig config) {
        this.keys = LineageApiKeys.parse(config.lineage().apiKeys().orElse(List.of()));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (keys.isEmpty()
                || context.request().method() != HttpMethod.POST
                || !POST_PATHS.contains(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        String bearer = TokenRejection.bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        Optional<String> key = keys.match(bearer);
        if (key.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new Request(key.get()), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        // OIDC's Bearer challenge serves both.
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(Request.class);
    }

    /** Before OIDC, which would refuse a key as a malformed JWT. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    /** A request that presented the lineage API key {@code name}: already matched, nothing left to verify. */
    public static final class Request extends BaseAuthenticationRequest {
        private final String name;

        Request(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }
    }
}
