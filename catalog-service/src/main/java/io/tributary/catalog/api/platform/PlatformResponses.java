package io.tributary.catalog.api.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.core.dataset.DatasetEntry;
import io.tributary.catalog.core.dataset.DatasetIndex;
import io.tributary.catalog.core.dataset.DatasetProperties;
import io.tributary.catalog.core.iceberg.CatalogRules;
import io.tributary.contracts.Topics;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What the platform resources share: path identifiers and the JSON they answer with. Their failures are answered by
 * {@link io.tributary.catalog.api.CatalogProblemMapper}.
 */
final class PlatformResponses {

    private PlatformResponses() {}

    /** A one-level namespace and table name from the path, checked like any catalog name. */
    static TableIdentifier identifier(String namespace, String table) {
        List<Problem.Violation> problems = new ArrayList<>();
        checkName("namespace", namespace, problems);
        checkName("table", table, problems);
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("Invalid dataset identifier.", problems);
        }
        return TableIdentifier.of(Namespace.of(namespace), table);
    }

    static void checkName(String parameter, String name, List<Problem.Violation> problems) {
        if (name == null || name.isEmpty()) {
            problems.add(new Problem.Violation(parameter, "must not be empty"));
        } else if (name.length() > CatalogRules.MAX_NAME_LENGTH) {
            problems.add(
                    new Problem.Violation(parameter, "is longer than " + CatalogRules.MAX_NAME_LENGTH + " characters"));
        } else if (name.equals(".") || name.equals("..")) {
            problems.add(new Problem.Violation(parameter, "'.' and '..' are reserved"));
        } else if (name.chars().anyMatch(c -> Character.isISOControl(c) || c == '/' || c == '\\')) {
            problems.add(new Problem.Violation(parameter, "must not contain control characters, '/' or '\\'"));
        }
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode array = PlatformRequests.JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static ObjectNode tagMap(Map<String, List<String>> tags) {
        ObjectNode node = PlatformRequests.JSON.createObjectNode();
        new TreeMap<>(tags).forEach((column, values) -> node.set(column, strings(values)));
        return node;
    }

    static void identity(ObjectNode node, TableIdentifier id) {
        node.set("namespace", strings(List.of(id.namespace().levels())));
        node.put("name", id.name());
        node.put("id", id.toString());
    }

    /** The whole dataset: identity, metadata, schema, partitioning, contract and current snapshot. */
    static ObjectNode dataset(TableIdentifier id, TableMetadata metadata) {
        ObjectNode node = PlatformRequests.JSON.createObjectNode();
        identity(node, id);
        DatasetEntry entry = DatasetEntry.of(metadata);
        node.put("owner", entry.owner());
        node.put("description", entry.description());
        node.set("tags", strings(entry.tags()));
        node.set("column-tags", tagMap(entry.columnTags()));
        node.put("table-uuid", metadata.uuid());
        node.put("location", metadata.location());
        node.put("format-version", metadata.formatVersion());
        node.put(
                "last-updated",
                Instant.ofEpochMilli(metadata.lastUpdatedMillis()).toString());
        node.set("schema", json(SchemaParser.toJson(metadata.schema())));
        node.set("partition-spec", json(PartitionSpecParser.toJson(metadata.spec())));
        node.set("contract", contract(metadata));
        node.put("audit-branch", metadata.properties().get(DatasetProperties.AUDIT_BRANCH));
        try {
            node.put(
                    "ingest-topic",
                    id.namespace().length() == 1 ? Topics.ingest(id.namespace().level(0), id.name()) : null);
        } catch (IllegalArgumentException e) {
            node.putNull("ingest-topic");
        }
        Snapshot current = metadata.currentSnapshot();
        if (current == null) {
            node.putNull("current-snapshot-id");
        } else {
            node.put("current-snapshot-id", current.snapshotId());
        }
        return node;
    }

    /** The ingest contract, as ingest-service reads it. */
    static ObjectNode contract(TableMetadata metadata) {
        ObjectNode node = PlatformRequests.JSON.createObjectNode();
        node.put("version", metadata.currentSchemaId());
        node.set("schema", json(SchemaParser.toJson(metadata.schema())));
        String key = metadata.properties().get(DatasetProperties.KEY);
        if (key != null && !key.isBlank()) {
            node.put("key", key);
        }
        node.put(
                "compatibility",
                DatasetProperties.compatibilityOrNone(metadata.properties()).name());
        node.set("producers", strings(DatasetProperties.producers(metadata.properties())));
        return node;
    }

    static ObjectNode summary(DatasetIndex.Summary summary) {
        ObjectNode node = PlatformRequests.JSON.createObjectNode();
        identity(node, summary.identifier());
        node.put("owner", summary.owner());
        node.put("description", summary.description());
        node.set("tags", strings(summary.tags()));
        node.set("column-tags", tagMap(summary.columnTags()));
        node.put(
                "updated-at",
                summary.updatedAt() == null ? null : summary.updatedAt().toString());
        return node;
    }

    static JsonNode json(String text) {
        try {
            return PlatformRequests.JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
