package io.tributary.catalog.api;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.core.access.CatalogAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Adds the derived catalog reader/writer roles of {@link CatalogAccess} to every authenticated caller. */
@ApplicationScoped
public class CatalogAccessAugmentor implements SecurityIdentityAugmentor {

    private final CatalogAccess access;

    CatalogAccessAugmentor(CatalogConfig config) {
        this.access = new CatalogAccess(config.writerClients());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        Set<String> derived = access.derivedRoles(identity.getRoles(), clientId(identity));
        if (derived.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder(identity)
                        .addRoles(derived)
                        .build());
    }

    /** Keycloak names the client of a service-account token in {@code client_id}, and any token's in {@code azp}. */
    private static String clientId(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object clientId = token.getClaim("client_id");
            if (clientId == null) {
                clientId = token.getClaim("azp");
            }
            if (clientId instanceof jakarta.json.JsonString json) {
                return json.getString();
            }
            return clientId == null ? null : clientId.toString();
        }
        return null;
    }
}
