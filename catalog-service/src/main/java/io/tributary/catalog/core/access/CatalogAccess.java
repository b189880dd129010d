package io.tributary.catalog.core.access;

import io.tributary.auth.Roles;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Who may read and who may write the catalog. Readers are analysts, stewards and platform admins; writers are platform
 * admins and the service accounts of the configured writer clients (the lake writer), who also read what they write.
 * The answer is expressed as two derived roles that the REST layer checks with {@code @RolesAllowed}.
 */
public final class CatalogAccess {

    public static final String READER = "tributary-catalog-reader";
    public static final String WRITER = "tributary-catalog-writer";

    private static final Set<String> READER_ROLES =
            Set.of(Roles.DATA_ANALYST, Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN);
    private static final Set<String> WRITER_ROLES = Set.of(Roles.PLATFORM_ADMIN);

    private final Set<String> writerClients;

    public CatalogAccess(Collection<String> writerClients) {
        this.writerClients = Set.copyOf(writerClients);
    }

    /**
     * The derived roles of a caller with these realm roles, whose token was issued to {@code clientId} (may be null).
     */
    public Set<String> derivedRoles(Set<String> roles, String clientId) {
        Set<String> derived = new HashSet<>();
        boolean writer = roles.stream().anyMatch(WRITER_ROLES::contains)
                || (clientId != null && writerClients.contains(clientId));
        if (writer) {
            derived.add(WRITER);
            derived.add(READER);
        }
        if (roles.stream().anyMatch(READER_ROLES::contains)) {
            derived.add(READER);
        }
        return derived;
    }
}
