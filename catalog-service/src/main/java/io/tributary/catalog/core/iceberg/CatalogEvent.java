package io.tributary.catalog.core.iceberg;

import io.tributary.catalog.core.dataset.DatasetEntry;
import io.tributary.catalog.core.dataset.DatasetProperties;
import io.tributary.contracts.events.EventTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.view.ViewMetadata;

/**
 * A change to the catalog that leaves as an event on {@code tributary.catalog.events}. The store writes it to the
 * outbox in the same transaction as the change itself.
 *
 * @param type    one of {@link EventTypes}
 * @param subject the table ({@code ns.table}) or namespace the event is about; also the Kafka key
 * @param data    the event's payload, JSON-serialisable
 */
public record CatalogEvent(String type, String subject, Map<String, Object> data) {

    public CatalogEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        data = data == null ? Map.of() : data;
    }

    public static CatalogEvent namespaceCreated(Namespace namespace) {
        return new CatalogEvent(EventTypes.NAMESPACE_CREATED, namespace.toString(), namespaceData(namespace));
    }

    public static CatalogEvent namespaceDropped(Namespace namespace) {
        return new CatalogEvent(EventTypes.NAMESPACE_DROPPED, namespace.toString(), namespaceData(namespace));
    }

    public static CatalogEvent tableDropped(TableIdentifier identifier) {
        return new CatalogEvent(EventTypes.TABLE_DROPPED, identifier.toString(), tableData(identifier));
    }

    public static CatalogEvent viewDropped(TableIdentifier identifier) {
        return new CatalogEvent(EventTypes.VIEW_DROPPED, identifier.toString(), viewData(identifier));
    }

    /** A table or view renamed; keyed by its old name, so it follows the events published under that name. */
    public static CatalogEvent renamed(TableIdentifier from, TableIdentifier to, CatalogStore.Kind kind) {
        boolean table = kind == CatalogStore.Kind.TABLE;
        Map<String, Object> data = table ? tableData(from) : viewData(from);
        data.put("new-namespace", List.of(to.namespace().levels()));
        data.put(table ? "new-table" : "new-view", to.name());
        return new CatalogEvent(table ? EventTypes.TABLE_RENAMED : EventTypes.VIEW_RENAMED, from.toString(), data);
    }

    /** A view created ({@code base == null}) or replaced by a new version; property-only changes are no event. */
    public static List<CatalogEvent> forViewCommit(
            TableIdentifier identifier, ViewMetadata base, ViewMetadata metadata) {
        if (base != null && base.currentVersionId() == metadata.currentVersionId()) {
            return List.of();
        }
        Map<String, Object> data = viewData(identifier);
        data.put("view-uuid", metadata.uuid());
        data.put("location", metadata.location());
        data.put("version-id", metadata.currentVersionId());
        if (base != null) {
            data.put("previous-version-id", base.currentVersionId());
        }
        return List.of(new CatalogEvent(
                base == null ? EventTypes.VIEW_CREATED : EventTypes.VIEW_REPLACED, identifier.toString(), data));
    }

    /**
     * What a table commit from {@code base} (null: the table is created) to {@code metadata} tells the rest of the
     * platform: the table was created, its current schema, ingest contract, tags, owner or description changed, its
     * current snapshot moved ({@code "branch": "main"}) or another branch's head did (one event per branch).
     */
    public static List<CatalogEvent> forCommit(TableIdentifier identifier, TableMetadata base, TableMetadata metadata) {
        List<CatalogEvent> events = new ArrayList<>();
        String subject = identifier.toString();
        if (base == null) {
            Map<String, Object> data = tableData(identifier);
            data.put("table-uuid", metadata.uuid());
            data.put("location", metadata.location());
            data.put("schema-id", metadata.currentSchemaId());
            data.put(
                    "compatibility",
                    DatasetProperties.compatibilityOrNone(metadata.properties()).name());
            data.put("producers", DatasetProperties.producers(metadata.properties()));
            events.add(new CatalogEvent(EventTypes.TABLE_CREATED, subject, data));
        } else {
            if (base.currentSchemaId() != metadata.currentSchemaId()) {
                Map<String, Object> data = tableData(identifier);
                data.put("previous-schema-id", base.currentSchemaId());
                data.put("schema-id", metadata.currentSchemaId());
                events.add(new CatalogEvent(EventTypes.SCHEMA_CHANGED, subject, data));
            }
            contractChanged(identifier, base, metadata).ifPresent(events::add);
            tagsChanged(identifier, base, metadata).ifPresent(events::add);
            datasetUpdated(identifier, base, metadata).ifPresent(events::add);
        }
        Snapshot before = base == null ? null : base.currentSnapshot();
        Snapshot after = metadata.currentSnapshot();
        if (after != null && (before == null || before.snapshotId() != after.snapshotId())) {
            events.add(snapshotCommitted(identifier, SnapshotRef.MAIN_BRANCH, after));
        }
        // Other branches (an audit branch the lake writer commits to, say): one event per branch whose head moved.
        new TreeMap<>(metadata.refs()).forEach((branch, ref) -> {
            if (!ref.isBranch() || SnapshotRef.MAIN_BRANCH.equals(branch)) {
                return;
            }
            SnapshotRef previous = base == null ? null : base.ref(branch);
            Snapshot head = metadata.snapshot(ref.snapshotId());
            if (head != null && (previous == null || previous.snapshotId() != ref.snapshotId())) {
                events.add(snapshotCommitted(identifier, branch, head));
            }
        });
        return events;
    }

    private static CatalogEvent snapshotCommitted(TableIdentifier identifier, String branch, Snapshot after) {
        Map<String, Object> data = tableData(identifier);
        data.put("branch", branch);
        data.put("snapshot-id", after.snapshotId());
        if (after.parentId() != null) {
            data.put("parent-snapshot-id", after.parentId());
        }
        data.put("sequence-number", after.sequenceNumber());
        data.put("timestamp-ms", after.timestampMillis());
        data.put("operation", after.operation());
        Map<String, String> summary = after.summary() == null ? Map.of() : after.summary();
        data.put("summary", new LinkedHashMap<>(summary));
        String added = summary.get("added-records");
        if (added != null) {
            try {
                data.put("added-records", Long.parseLong(added));
            } catch (NumberFormatException e) {
                data.put("added-records", added);
            }
        }
        return new CatalogEvent(EventTypes.SNAPSHOT_COMMITTED, identifier.toString(), data);
    }

    /** The ingest contract moved: its schema, compatibility mode, producer allow-list or key changed. */
    private static Optional<CatalogEvent> contractChanged(
            TableIdentifier identifier, TableMetadata base, TableMetadata metadata) {
        Map<String, String> before = base.properties();
        Map<String, String> after = metadata.properties();
        List<String> changed = new ArrayList<>();
        if (base.currentSchemaId() != metadata.currentSchemaId()) {
            changed.add("schema");
        }
        if (!DatasetProperties.compatibilityOrNone(before).equals(DatasetProperties.compatibilityOrNone(after))) {
            changed.add("compatibility");
        }
        if (!DatasetProperties.producers(before).equals(DatasetProperties.producers(after))) {
            changed.add("producers");
        }
        if (!Objects.equals(before.get(DatasetProperties.KEY), after.get(DatasetProperties.KEY))) {
            changed.add("key");
        }
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> data = tableData(identifier);
        data.put("changed", changed);
        data.put("version", metadata.currentSchemaId());
        data.put("previous-version", base.currentSchemaId());
        data.put("compatibility", DatasetProperties.compatibilityOrNone(after).name());
        data.put(
                "previous-compatibility",
                DatasetProperties.compatibilityOrNone(before).name());
        data.put("producers", DatasetProperties.producers(after));
        data.put("previous-producers", DatasetProperties.producers(before));
        data.put("key", after.get(DatasetProperties.KEY));
        return Optional.of(new CatalogEvent(EventTypes.CONTRACT_CHANGED, identifier.toString(), data));
    }

    private static Optional<CatalogEvent> tagsChanged(
            TableIdentifier identifier, TableMetadata base, TableMetadata metadata) {
        DatasetEntry before = DatasetEntry.of(base);
        DatasetEntry after = DatasetEntry.of(metadata);
        if (before.tags().equals(after.tags()) && before.columnTags().equals(after.columnTags())) {
            return Optional.empty();
        }
        Map<String, Object> data = tableData(identifier);
        data.put("tags", after.tags());
        data.put("previous-tags", before.tags());
        data.put("column-tags", new TreeMap<>(after.columnTags()));
        data.put("previous-column-tags", new TreeMap<>(before.columnTags()));
        return Optional.of(new CatalogEvent(EventTypes.TAGS_CHANGED, identifier.toString(), data));
    }

    private static Optional<CatalogEvent> datasetUpdated(
            TableIdentifier identifier, TableMetadata base, TableMetadata metadata) {
        Map<String, String> before = base.properties();
        Map<String, String> after = metadata.properties();
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(before.get(DatasetProperties.OWNER), after.get(DatasetProperties.OWNER))) {
            changed.add("owner");
        }
        if (!Objects.equals(before.get(DatasetProperties.DESCRIPTION), after.get(DatasetProperties.DESCRIPTION))) {
            changed.add("description");
        }
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> data = tableData(identifier);
        data.put("changed", changed);
        data.put("owner", after.get(DatasetProperties.OWNER));
        data.put("description", after.get(DatasetProperties.DESCRIPTION));
        return Optional.of(new CatalogEvent(EventTypes.DATASET_UPDATED, identifier.toString(), data));
    }

    private static Map<String, Object> viewData(TableIdentifier identifier) {
        Map<String, Object> data = namespaceData(identifier.namespace());
        data.put("view", identifier.name());
        return data;
    }

    private static Map<String, Object> namespaceData(Namespace namespace) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("namespace", List.of(namespace.levels()));
        return data;
    }

    private static Map<String, Object> tableData(TableIdentifier identifier) {
        Map<String, Object> data = namespaceData(identifier.namespace());
        data.put("table", identifier.name());
        return data;
    }
}
