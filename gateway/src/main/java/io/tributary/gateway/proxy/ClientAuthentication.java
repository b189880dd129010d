package io.tributary.gateway.proxy;

import io.quarkus.security.identity.SecurityIdentity;
import java.security.Principal;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, as far as rate limits are concerned: the OAuth client, else the subject. */
final class ClientAuthentication {

    private ClientAuthentication() {}

    /** The client id of an authenticated identity; empty for anonymous callers. */
    static Optional<String> clientId(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        Principal principal = identity.getPrincipal();
        if (principal instanceof JsonWebToken token) {
            String azp = token.getClaim("azp");
            if (azp != null && !azp.isBlank()) {
                return Optional.of(azp);
            }
            if (token.getSubject() != null) {
                return Optional.of(token.getSubject());
            }
        }
        return Optional.ofNullable(principal == null ? null : principal.getName());
    }
}
