package io.tributary.catalog.iceberg;

import io.tributary.contracts.events.EventTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

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

    /**
     * What a table commit from {@code base} (null: the table is created) to {@code metadata} tells the rest of the
     * platform: the table was created, its current snapshot moved, its current schema changed.
     */
    public static List<CatalogEvent> forCommit(TableIdentifier identifier, TableMetadata base, TableMetadata metadata) {
        List<CatalogEvent> events = new ArrayList<>();
        String subject = identifier.toString();
        if (base == null) {
            Map<String, Object> data = tableData(identifier);
            data.put("table-uuid", metadata.uuid());
            data.put("location", metadata.location());
            data.put("schema-id", metadata.currentSchemaId());
            events.add(new CatalogEvent(EventTypes.TABLE_CREATED, subject, data));
        } else if (base.currentSchemaId() != metadata.currentSchemaId()) {
            Map<String, Object> data = tableData(identifier);
            data.put("previous-schema-id", base.currentSchemaId());
            data.put("schema-id", metadata.currentSchemaId());
            events.add(new CatalogEvent(EventTypes.SCHEMA_CHANGED, subject, data));
        }
        Snapshot before = base == null ? null : base.currentSnapshot();
        Snapshot after = metadata.currentSnapshot();
        if (after != null && (before == null || before.snapshotId() != after.snapshotId())) {
            Map<String, Object> data = tableData(identifier);
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
            events.add(new CatalogEvent(EventTypes.SNAPSHOT_COMMITTED, subject, data));
        }
        return events;
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
