package io.tributary.catalog.api.lineage;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tributary.auth.Roles;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The identity of a lineage API key: {@code lineage-key:<name>}, with the one role that may post lineage. The
 * mechanism only admits keys on the lineage POST paths, so the role reaches nothing else.
 */
@ApplicationScoped
public class LineageApiKeyIdentityProvider implements IdentityProvider<LineageApiKeyMechanism.Request> {

    static final String PRINCIPAL_PREFIX = "lineage-key:";

    @Override
    public Class<LineageApiKeyMechanism.Request> getRequestType() {
        return LineageApiKeyMechanism.Request.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            LineageApiKeyMechanism.Request request, AuthenticationRequestContext context) {
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(PRINCIPAL_PREFIX + request.name()))
                        .addRole(Roles.DATA_PRODUCER)
                        .build());
    }
}
