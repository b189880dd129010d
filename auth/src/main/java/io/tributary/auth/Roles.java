package io.tributary.auth;

/**
 * Realm roles, as Keycloak puts them in {@code realm_access.roles} and in the {@code groups} claim.
 * Quarkus OIDC reads {@code groups} first, so a role check sees exactly these names.
 */
public final class Roles {

    public static final String PLATFORM_ADMIN = "platform-admin";
    public static final String DATA_PRODUCER = "data-producer";
    public static final String DATA_ANALYST = "data-analyst";
    public static final String DATA_STEWARD = "data-steward";

    private Roles() {}
}
