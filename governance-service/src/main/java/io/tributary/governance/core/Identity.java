package io.tributary.governance.core;

import java.util.Map;
import java.util.Set;

/**
 * A caller as its token (or Trino, or the principal directory) describes it.
 *
 * @param user       the user name ({@code preferred_username}, else {@code sub}); null for none
 * @param client     the OAuth client ({@code azp}); null for none
 * @param roles      the realm roles
 * @param attributes token attributes such as {@code country}
 */
public record Identity(String user, String client, Set<String> roles, Map<String, String> attributes) {
    public Identity {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static Identity user(String user, Set<String> roles) {
        return new Identity(user, null, roles, Map.of());
    }
}
