package io.tributary.governance.core;

/**
 * What a grant allows. {@code MODIFY} covers engine writes through Iceberg REST (create, alter, delete, update);
 * {@code MANAGE} implies every other privilege on its securable; {@code IMPERSONATE} lets a service act as another
 * user in Trino (its securable is always {@code *}).
 */
public enum Privilege {
    SELECT,
    INSERT,
    MODIFY,
    MANAGE,
    IMPERSONATE;

    /** Whether a grant of this privilege allows {@code wanted}. */
    public boolean implies(Privilege wanted) {
        return this == wanted || this == MANAGE && wanted != IMPERSONATE;
    }
}
