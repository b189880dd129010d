package io.tributary.governance.core;

import java.util.Locale;

/**
 * Who a policy is about: {@code user:<name>} (a user name or a service account's user name), {@code client:<id>}
 * (an OAuth client, the token's {@code azp}) or {@code role:<name>} (a Keycloak realm role or a governance role).
 */
public record PrincipalRef(Kind kind, String name) {

    public enum Kind {
        USER,
        CLIENT,
        ROLE
    }

    public static final int MAX_NAME_LENGTH = 255;

    public PrincipalRef {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a principal needs a name after the ':'");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a principal's name is at most " + MAX_NAME_LENGTH + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a principal's name must not contain control characters");
        }
    }

    public static PrincipalRef user(String name) {
        return new PrincipalRef(Kind.USER, name);
    }

    public static PrincipalRef client(String name) {
        return new PrincipalRef(Kind.CLIENT, name);
    }

    public static PrincipalRef role(String name) {
        return new PrincipalRef(Kind.ROLE, name);
    }

    /** Parses {@code user:ana}, {@code client:shop-backend} or {@code role:data-analyst}. */
    public static PrincipalRef parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a principal is required, such as role:data-analyst or user:ana");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' must be user:<name>, client:<id> or role:<name>");
        }
        Kind kind = switch (text.substring(0, colon).toLowerCase(Locale.ROOT)) {
            case "user" -> Kind.USER;
            case "client" -> Kind.CLIENT;
            case "role" -> Kind.ROLE;
            default ->
                throw new IllegalArgumentException("'" + text + "' must be user:<name>, client:<id> or role:<name>");
        };
        return new PrincipalRef(kind, text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + name;
    }
}
