package io.tributary.governance.core;

import io.tributary.auth.Roles;
import java.util.List;

/**
 * The policies a new governance database starts with: today's behaviour (analysts read everything), stewards read
 * and admins manage everything, query-service may act as its users in Trino, and privacy by default (columns tagged
 * {@code pii} or {@code pii.*} are hashed for everyone but stewards and admins). They are ordinary policies: a
 * steward narrows or replaces them like any other.
 */
public final class BootstrapPolicies {

    public static final String ACTOR = "system";
    public static final String REASON = "bootstrap: the defaults of a new installation";
    /** The user Trino knows query-service's service account by (its token's preferred_username). */
    public static final String QUERY_SERVICE_USER = "service-account-tributary-query";

    private BootstrapPolicies() {}

    public record Entry(String description, PolicyBody body) {}

    public static List<Entry> entries() {
        List<PrincipalRef> exempt =
                List.of(PrincipalRef.role(Roles.DATA_STEWARD), PrincipalRef.role(Roles.PLATFORM_ADMIN));
        return List.of(
                new Entry(
                        "Analysts may read every table until a steward narrows this grant.",
                        new PolicyBody.Grant(
                                PrincipalRef.role(Roles.DATA_ANALYST), Privilege.SELECT, Securable.ALL, List.of())),
                new Entry(
                        "Stewards may read every table.",
                        new PolicyBody.Grant(
                                PrincipalRef.role(Roles.DATA_STEWARD), Privilege.SELECT, Securable.ALL, List.of())),
                new Entry(
                        "Platform admins manage everything.",
                        new PolicyBody.Grant(
                                PrincipalRef.role(Roles.PLATFORM_ADMIN), Privilege.MANAGE, Securable.ALL, List.of())),
                new Entry(
                        "query-service runs queries in Trino as the user who sent them.",
                        new PolicyBody.Grant(
                                PrincipalRef.user(QUERY_SERVICE_USER),
                                Privilege.IMPERSONATE,
                                Securable.ALL,
                                List.of())),
                new Entry(
                        "Privacy by default: columns tagged pii or pii.* are hashed for all but stewards and admins.",
                        new PolicyBody.Mask(
                                null, null, "pii", MaskFunction.HASH, null, null, false, null, null, exempt)));
    }
}
