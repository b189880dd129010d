package io.tributary.catalog.core.platform;

import io.tributary.catalog.core.dataset.CompatibilityMode;
import io.tributary.catalog.core.dataset.DatasetProperties;
import io.tributary.catalog.core.dataset.IncompatibleSchemaException;
import io.tributary.catalog.core.dataset.SchemaEvolution;
import io.tributary.catalog.core.iceberg.TributaryCatalog;
import io.tributary.contracts.Topics;
import io.tributary.contracts.problem.JsonPointer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * The platform API's operations on datasets: an Iceberg table with its metadata in table properties (see
 * {@link DatasetProperties}) and, for datasets created here, an ingest topic. Every change is an ordinary commit
 * through the catalog, so the compatibility rule, the dataset index and the catalog events apply to it as to any
 * other commit.
 */
public final class DatasetService {

    private final TributaryCatalog catalog;
    private final IngestTopics topics;

    public DatasetService(TributaryCatalog catalog, IngestTopics topics) {
        this.catalog = catalog;
        this.topics = topics;
    }

    /**
     * A dataset to create; names already checked.
     *
     * @param columnTags tags by dotted column name
     */
    public record NewDataset(
            TableIdentifier identifier,
            Schema schema,
            List<PartitionField> partitionFields,
            Map<String, String> properties,
            Map<String, List<String>> columnTags) {}

    /** One partition field: a transform ({@code identity}, {@code day}, {@code bucket[16]}, ...) of a column. */
    public record PartitionField(String column, String transform) {}

    /**
     * Creates the ingest topic first and the table second: a Kafka outage then leaves nothing behind, and a table
     * never exists without its topic. A topic left by a create that failed afterwards is reused by the next one.
     * A missing namespace is created.
     *
     * @throws DatasetAlreadyExistsException   when a table or view of that name exists
     * @throws InvalidDatasetException         when a column tag, the key or the partition spec names no column
     * @throws IngestTopicUnavailableException when Kafka cannot create the topic; nothing was created
     */
    public Table create(NewDataset dataset) {
        TableIdentifier id = dataset.identifier();
        if (catalog.tableExists(id) || catalog.viewExists(id)) {
            throw new DatasetAlreadyExistsException(id);
        }
        // Iceberg gives a new table fresh ids in this same order, so column tags can be keyed by them up front.
        AtomicInteger lastId = new AtomicInteger();
        Schema schema = TypeUtil.assignFreshIds(dataset.schema(), lastId::incrementAndGet);
        PartitionSpec spec = partitionSpec(schema, dataset.partitionFields());
        Map<String, String> properties = new LinkedHashMap<>(dataset.properties());
        List<InvalidDatasetException.Violation> problems = new ArrayList<>();
        dataset.columnTags().forEach((column, tags) -> {
            Types.NestedField field = schema.findField(column);
            if (field == null) {
                problems.add(new InvalidDatasetException.Violation(
                        JsonPointer.append("/column-tags", column), "no such column in the schema"));
            } else if (!tags.isEmpty()) {
                properties.put(DatasetProperties.columnTagsKey(field.fieldId()), DatasetProperties.csv(tags));
            }
        });
        String key = properties.get(DatasetProperties.KEY);
        if (key != null && schema.findField(key) == null) {
            problems.add(new InvalidDatasetException.Violation("/key", "no such column in the schema: " + key));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDatasetException("The dataset is not valid.", problems);
        }
        try {
            topics.ensure(Topics.ingest(id.namespace().level(0), id.name()));
        } catch (IngestTopics.Unavailable e) {
            throw new IngestTopicUnavailableException(id, e);
        }
        Namespace namespace = id.namespace();
        if (!catalog.namespaceExists(namespace)) {
            try {
                catalog.createNamespace(namespace, Map.of());
            } catch (AlreadyExistsException e) {
                // Created concurrently: just as good.
            }
        }
        try {
            return catalog.buildTable(id, schema)
                    .withPartitionSpec(spec)
                    .withProperties(properties)
                    .create();
        } catch (AlreadyExistsException e) {
            throw new DatasetAlreadyExistsException(id);
        }
    }

    private static PartitionSpec partitionSpec(Schema schema, List<PartitionField> fields) {
        if (fields.isEmpty()) {
            return PartitionSpec.unpartitioned();
        }
        PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
        List<InvalidDatasetException.Violation> problems = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            PartitionField field = fields.get(i);
            String pointer = "/partition-spec/" + i;
            if (schema.findField(field.column()) == null) {
                problems.add(new InvalidDatasetException.Violation(
                        pointer + "/column", "no such column in the schema: " + field.column()));
                continue;
            }
            try {
                addTransform(builder, field);
            } catch (RuntimeException e) {
                problems.add(new InvalidDatasetException.Violation(pointer + "/transform", e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDatasetException("The partition spec is not valid.", problems);
        }
        return builder.build();
    }

    private static void addTransform(PartitionSpec.Builder builder, PartitionField field) {
        String transform = field.transform() == null
                ? "identity"
                : field.transform().trim().toLowerCase(Locale.ROOT);
        Matcher sized = Pattern.compile("(bucket|truncate)\\[(\\d{1,6})]").matcher(transform);
        switch (transform) {
            case "identity" -> builder.identity(field.column());
            case "year" -> builder.year(field.column());
            case "month" -> builder.month(field.column());
            case "day" -> builder.day(field.column());
            case "hour" -> builder.hour(field.column());
            default -> {
                if (!sized.matches() || Integer.parseInt(sized.group(2)) < 1) {
                    throw new IllegalArgumentException("unknown transform '" + field.transform()
                            + "': expected identity, year, month, day, hour, bucket[N] or truncate[W]");
                }
                int size = Integer.parseInt(sized.group(2));
                if (sized.group(1).equals("bucket")) {
                    builder.bucket(field.column(), size);
                } else {
                    builder.truncate(field.column(), size);
                }
            }
        }
    }

    public Table load(TableIdentifier id) {
        return catalog.loadTable(id);
    }

    /**
     * Changes to a dataset's descriptive metadata; a null field is left as it is.
     *
     * @param owner       empty to clear
     * @param description empty to clear
     * @param columnTags  by dotted column name; an empty list removes the column's tags
     * @param auditBranch empty to write to main again (see {@link DatasetProperties#AUDIT_BRANCH})
     */
    public record DatasetPatch(
            Optional<String> owner,
            Optional<String> description,
            List<String> tags,
            Map<String, List<String>> columnTags,
            Optional<String> auditBranch) {}

    public Table update(TableIdentifier id, DatasetPatch patch) {
        Table table = catalog.loadTable(id);
        Schema schema = table.schema();
        Map<String, Integer> columnIds = new HashMap<>();
        List<InvalidDatasetException.Violation> problems = new ArrayList<>();
        if (patch.columnTags() != null) {
            patch.columnTags().keySet().forEach(column -> {
                Types.NestedField field = schema.findField(column);
                if (field == null) {
                    problems.add(new InvalidDatasetException.Violation(
                            JsonPointer.append("/column-tags", column), "no such column in the schema"));
                } else {
                    columnIds.put(column, field.fieldId());
                }
            });
        }
        if (patch.auditBranch() != null && patch.auditBranch().isPresent()) {
            SnapshotRef ref = table.refs().get(patch.auditBranch().get());
            if (ref != null && !ref.isBranch()) {
                problems.add(new InvalidDatasetException.Violation(
                        "/audit-branch", "names a tag of the table; snapshots can only be committed to a branch"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDatasetException("The dataset change is not valid.", problems);
        }
        UpdateProperties update = table.updateProperties();
        boolean changed = false;
        if (patch.owner() != null) {
            changed |= setOrRemove(
                    update, table, DatasetProperties.OWNER, patch.owner().orElse(null));
        }
        if (patch.description() != null) {
            changed |= setOrRemove(
                    update,
                    table,
                    DatasetProperties.DESCRIPTION,
                    patch.description().orElse(null));
        }
        if (patch.tags() != null) {
            changed |= setOrRemove(
                    update,
                    table,
                    DatasetProperties.TAGS,
                    patch.tags().isEmpty() ? null : DatasetProperties.csv(patch.tags()));
        }
        if (patch.columnTags() != null) {
            for (Map.Entry<String, List<String>> entry : patch.columnTags().entrySet()) {
                String property = DatasetProperties.columnTagsKey(columnIds.get(entry.getKey()));
                changed |= setOrRemove(
                        update,
                        table,
                        property,
                        entry.getValue().isEmpty() ? null : DatasetProperties.csv(entry.getValue()));
            }
        }
        if (patch.auditBranch() != null) {
            changed |= setOrRemove(
                    update,
                    table,
                    DatasetProperties.AUDIT_BRANCH,
                    patch.auditBranch().orElse(null));
        }
        if (changed) {
            update.commit();
            table.refresh();
        }
        return table;
    }

    private static boolean setOrRemove(UpdateProperties update, Table table, String key, String value) {
        String current = table.properties().get(key);
        if (Objects.equals(current, value)) {
            return false;
        }
        if (value == null) {
            update.remove(key);
        } else {
            update.set(key, value);
        }
        return true;
    }

    /**
     * A change of the ingest contract; a null field is left as it is.
     *
     * @param schema the complete new schema, fields matched to the current ones by name
     * @param key    empty to remove the key
     */
    public record ContractChange(
            Schema schema, CompatibilityMode compatibility, Optional<String> key, List<String> producers) {}

    /**
     * Applies a contract change as one commit. A schema change that breaks the compatibility mode in force after the
     * change fails with {@link IncompatibleSchemaException} and changes nothing.
     */
    public Table changeContract(TableIdentifier id, ContractChange change) {
        Table table = catalog.loadTable(id);
        TableOperations ops = ((HasTableOperations) table).operations();
        return catalog.committing(List.of(id), () -> {
            TableMetadata base = ops.refresh();
            TableMetadata.Builder builder = TableMetadata.buildFrom(base);
            Schema target = base.schema();
            if (change.schema() != null) {
                AtomicInteger last = new AtomicInteger(base.lastColumnId());
                Schema evolved = SchemaEvolution.evolve(base.schema(), change.schema(), last);
                if (!evolved.sameSchema(base.schema())) {
                    builder.setCurrentSchema(evolved, last.get());
                    target = evolved;
                }
            }
            Map<String, String> set = new LinkedHashMap<>();
            Set<String> remove = new HashSet<>();
            if (change.compatibility() != null) {
                set.put(DatasetProperties.COMPATIBILITY, change.compatibility().name());
            }
            if (change.producers() != null) {
                if (change.producers().isEmpty()) {
                    remove.add(DatasetProperties.PRODUCERS);
                } else {
                    set.put(DatasetProperties.PRODUCERS, DatasetProperties.csv(change.producers()));
                }
            }
            String key = base.properties().get(DatasetProperties.KEY);
            if (change.key() != null) {
                key = change.key().orElse(null);
                if (key == null) {
                    remove.add(DatasetProperties.KEY);
                } else {
                    set.put(DatasetProperties.KEY, key);
                }
            }
            if (key != null && target.findField(key) == null) {
                String pointer = change.key() != null && change.key().isPresent() ? "/key" : "/schema";
                String message = "the key column '" + key + "' is not in the schema";
                throw new InvalidDatasetException(
                        "The contract is not valid.", List.of(new InvalidDatasetException.Violation(pointer, message)));
            }
            remove.removeIf(k -> !base.properties().containsKey(k));
            set.entrySet().removeIf(e -> e.getValue().equals(base.properties().get(e.getKey())));
            if (!set.isEmpty()) {
                builder.setProperties(set);
            }
            if (!remove.isEmpty()) {
                builder.removeProperties(remove);
            }
            TableMetadata updated = builder.build();
            if (!updated.changes().isEmpty()) {
                ops.commit(base, updated);
                table.refresh();
            }
            return table;
        });
    }

    public boolean drop(TableIdentifier id, boolean purge) {
        return catalog.dropTable(id, purge);
    }
}
