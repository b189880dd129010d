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
    /** A dataset's owner or description changed. */
    public static final String DATASET_UPDATED = "io.tributary.catalog.dataset.updated";

    public static final String TABLE_RENAMED = "io.tributary.catalog.table.renamed";
    public static final String VIEW_CREATED = "io.tributary.catalog.view.created";
    public static final String VIEW_REPLACED = "io.tributary.catalog.view.replaced";
    public static final String VIEW_DROPPED = "io.tributary.catalog.view.dropped";
    public static final String VIEW_RENAMED = "io.tributary.catalog.view.renamed";
    public static final String AUDIT_RECORDED = "io.tributary.audit.recorded";
    /** A governance policy was created, changed or deleted (on {@code tributary.governance.events}). */
    public static final String POLICY_CHANGED = "io.tributary.governance.policy.changed";

    private EventTypes() {}
}
