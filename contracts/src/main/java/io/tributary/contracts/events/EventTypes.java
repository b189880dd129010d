package io.tributary.contracts.events;

/** CloudEvents {@code type} values. Reverse-DNS, versioned by suffix when a payload changes incompatibly. */
public final class EventTypes {

    public static final String NAMESPACE_CREATED = "io.tributary.catalog.namespace.created";
    public static final String NAMESPACE_DROPPED = "io.tributary.catalog.namespace.dropped";
    public static final String TABLE_CREATED = "io.tributary.catalog.table.created";
    public static final String TABLE_DROPPED = "io.tributary.catalog.table.dropped";
    public static final String SCHEMA_CHANGED = "io.tributary.catalog.schema.changed";
    public static final String SNAPSHOT_COMMITTED = "io.tributary.catalog.snapshot.committed";
    public static final String TAGS_CHANGED = "io.tributary.catalog.tags.changed";
    public static final String CONTRACT_CHANGED = "io.tributary.catalog.contract.changed";
    public static final String AUDIT_RECORDED = "io.tributary.audit.recorded";

    private EventTypes() {
    }
}
