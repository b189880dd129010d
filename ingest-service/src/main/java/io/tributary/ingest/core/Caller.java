package io.tributary.ingest.core;

import java.util.Set;

/**
 * Who sends a request, from the bearer token.
 *
 * @param clientId the token's {@code azp} (the OAuth client), or null
 * @param username the token's {@code preferred_username}, or null
 * @param subject  the token's {@code sub}, or null
 * @param roles    the token's realm roles (governance's grants may name them)
 */
public record Caller(String clientId, String username, String subject, Set<String> roles) {

    public Caller {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** A caller whose roles do not matter. */
    public Caller(String clientId, String username, String subject) {
        this(clientId, username, subject, Set.of());
    }

    /** The producer recorded with each record (and owning its idempotency keys): the client id, else the subject. */
    public String producer() {
        if (clientId != null) {
            return clientId;
        }
        return subject != null ? subject : String.valueOf(username);
    }

    /** The person or service account behind the request: the user name, else the subject, else the client id. */
    public String principal() {
        if (username != null) {
            return username;
        }
        return subject != null ? subject : String.valueOf(clientId);
    }

    /** A caller known only by one name, e.g. in tests. */
    public static Caller of(String name) {
        return new Caller(name, name, name);
    }
}
