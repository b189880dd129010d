package io.tributary.query.core;

import java.util.Map;
import java.util.Set;

/**
 * Who runs a statement.
 *
 * @param principal   {@code preferred_username}, else {@code sub}
 * @param client      the OAuth client ({@code azp}), or null
 * @param roles       the realm roles
 * @param attributes  the token's other string claims (such as {@code country}), which policies may refer to
 * @param bearerToken the caller's own access token, passed on to the catalog so that it enforces its own access too
 */
public record Caller(
        String principal, String client, Set<String> roles, Map<String, String> attributes, String bearerToken) {

    public Caller {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public Caller(String principal, Set<String> roles, String bearerToken) {
        this(principal, null, roles, Map.of(), bearerToken);
    }

    @Override
    public String toString() {
        return principal;
    }
}
