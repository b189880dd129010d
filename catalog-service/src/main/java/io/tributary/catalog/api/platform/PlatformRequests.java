package io.tributary.catalog.api.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.core.dataset.CompatibilityMode;
import io.tributary.catalog.core.dataset.DatasetProperties;
import io.tributary.catalog.core.iceberg.CatalogRules;
import io.tributary.contracts.problem.JsonPointer;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.contracts.problem.ProblemType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;

/**
 * Reads platform API request bodies field by field, collecting every problem with a JSON pointer to it, so one 400
 * names everything wrong with a request.
 */
final class PlatformRequests {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final int MAX_COLUMNS = 10_000;

    private final List<Problem.Violation> problems = new ArrayList<>();

    /** The body as a JSON object, or a 400 saying why it is none. */
    static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest(
                    "The request body must be a JSON object.", List.of(new Problem.Violation("", "the body is empty")));
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new ProblemException(ProblemType.MALFORMED_JSON.problem(
                    "The request body is not valid JSON" + where + ".",
                    List.of(new Problem.Violation("", e.getOriginalMessage()))));
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest(
                    "The request body must be a JSON object.",
                    List.of(new Problem.Violation("", "expected an object")));
        }
        return (ObjectNode) node;
    }

    void problem(String pointer, String message) {
        problems.add(new Problem.Violation(pointer, message));
    }

    boolean ok() {
        return problems.isEmpty();
    }

    /** Throws the collected problems as one 400. */
    void throwIfAny(String detail) {
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest(detail, problems);
        }
    }

    void onlyKnownFields(ObjectNode body, Set<String> known) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(JsonPointer.append("", name), "unknown field; expected one of " + new TreeSet<>(known));
            }
        }
    }

    /** A string field; null when absent or JSON null (and {@code required} is false). */
    String string(ObjectNode body, String field, boolean required, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problem("/" + field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            problem("/" + field, "must be a string");
            return null;
        }
        String value = node.asText();
        if (value.length() > maxLength) {
            problem("/" + field, "is longer than " + maxLength + " characters");
            return null;
        }
        if (value.indexOf('\0') >= 0) {
            problem("/" + field, "must not contain NUL characters");
            return null;
        }
        return value;
    }

    /** The audit branch: a branch name, or JSON null (empty) for none. */
    Optional<String> auditBranch(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problem("/" + field, "must be a branch name or null");
            return null;
        }
        String message = DatasetProperties.auditBranchProblem(node.asText());
        if (message != null) {
            problem("/" + field, message);
            return null;
        }
        return Optional.of(node.asText());
    }

    /** A dataset name part usable in a Kafka topic name as well as in the catalog. */
    String topicName(ObjectNode body, String field) {
        String value = string(body, field, true, CatalogRules.MAX_NAME_LENGTH);
        if (value != null && !value.matches("[A-Za-z0-9_-]+")) {
            problem(
                    "/" + field,
                    "must be 1-" + CatalogRules.MAX_NAME_LENGTH
                            + " letters, digits, '_' or '-' (it also names the Kafka ingest topic)");
            return null;
        }
        return value;
    }

    /** A list of strings; null when absent; {@code maxItems} bounds it. */
    List<String> strings(JsonNode node, String pointer, int maxItems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            problem(pointer, "must be an array of strings");
            return null;
        }
        if (node.size() > maxItems) {
            problem(pointer, node.size() + " items, at most " + maxItems + " are allowed");
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                problem(pointer + "/" + i, "must be a string");
            } else {
                values.add(item.asText());
            }
        }
        return values;
    }

    List<String> tags(JsonNode node, String pointer) {
        List<String> tags = strings(node, pointer, DatasetProperties.MAX_TAGS);
        if (tags == null) {
            return null;
        }
        List<String> problemsFound = DatasetProperties.tagProblems(tags);
        problemsFound.forEach(message -> problem(pointer, message));
        return problemsFound.isEmpty() ? DatasetProperties.distinct(tags) : null;
    }

    List<String> producers(JsonNode node, String pointer) {
        List<String> producers = strings(node, pointer, DatasetProperties.MAX_PRODUCERS);
        if (producers == null) {
            return null;
        }
        List<String> problemsFound = DatasetProperties.producerProblems(producers);
        problemsFound.forEach(message -> problem(pointer, message));
        return problemsFound.isEmpty() ? DatasetProperties.distinct(producers) : null;
    }

    /** Column tags by column name; an empty list or null value removes a column's tags. */
    Map<String, List<String>> columnTags(JsonNode node, String pointer) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problem(pointer, "must be an object of column name to tag list");
            return null;
        }
        if (node.size() > MAX_COLUMNS) {
            problem(pointer, node.size() + " columns, at most " + MAX_COLUMNS + " are allowed");
            return null;
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            String columnPointer = JsonPointer.append(pointer, entry.getKey());
            if (entry.getValue().isNull()) {
                result.put(entry.getKey(), List.of());
                return;
            }
            List<String> tags = tags(entry.getValue(), columnPointer);
            if (tags != null) {
                result.put(entry.getKey(), tags);
            }
        });
        return result;
    }

    CompatibilityMode compatibility(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        CompatibilityMode mode =
                node.isTextual() ? CompatibilityMode.parse(node.asText()).orElse(null) : null;
        if (mode == null) {
            problem("/" + field, "must be one of BACKWARD, FORWARD, FULL, NONE");
        }
        return mode;
    }

    /**
     * The schema of a request: {@code schema} (Iceberg's schema JSON) or {@code columns} (a list of
     * {@code {"name", "type", "required", "doc"}}, {@code type} a type string like {@code long} or
     * {@code decimal(10, 2)}, or an Iceberg type object for nested types). Null when neither is given.
     */
    Schema schema(ObjectNode body, boolean required) {
        JsonNode schema = body.get("schema");
        JsonNode columns = body.get("columns");
        boolean hasSchema = schema != null && !schema.isNull();
        boolean hasColumns = columns != null && !columns.isNull();
        if (hasSchema && hasColumns) {
            problem("/columns", "give either schema or columns, not both");
            return null;
        }
        if (!hasSchema && !hasColumns) {
            if (required) {
                problem("/schema", "is required (or columns)");
            }
            return null;
        }
        if (hasSchema) {
            if (!schema.isObject()) {
                problem("/schema", "must be an Iceberg schema object");
                return null;
            }
            return parse(schema, "/schema");
        }
        return parse(columnsToStruct(columns), "/columns");
    }

    private JsonNode columnsToStruct(JsonNode columns) {
        if (!columns.isArray() || columns.isEmpty()) {
            problem("/columns", "must be a non-empty array of columns");
            return null;
        }
        if (columns.size() > MAX_COLUMNS) {
            problem("/columns", columns.size() + " columns, at most " + MAX_COLUMNS + " are allowed");
            return null;
        }
        ObjectNode struct = JSON.createObjectNode();
        struct.put("type", "struct");
        ArrayNode fields = struct.putArray("fields");
        for (int i = 0; i < columns.size(); i++) {
            JsonNode column = columns.get(i);
            String pointer = "/columns/" + i;
            if (!column.isObject()) {
                problem(pointer, "must be an object with name and type");
                continue;
            }
            JsonNode name = column.get("name");
            JsonNode type = column.get("type");
            JsonNode columnRequired = column.get("required");
            JsonNode doc = column.get("doc");
            if (name == null || !name.isTextual() || name.asText().isEmpty()) {
                problem(pointer + "/name", "must be a non-empty string");
            }
            if (type == null || !(type.isTextual() || type.isObject())) {
                problem(
                        pointer + "/type",
                        "must be a type name such as long, string, decimal(10, 2) or an Iceberg type object");
            }
            if (columnRequired != null && !columnRequired.isBoolean()) {
                problem(pointer + "/required", "must be true or false");
            }
            if (doc != null && !doc.isNull() && !doc.isTextual()) {
                problem(pointer + "/doc", "must be a string");
            }
            ObjectNode field = fields.addObject();
            // Placeholder ids: the catalog assigns the real ones (or keeps the existing ones, matched by name).
            field.put("id", 1_000_000 + i);
            field.set("name", name);
            field.put("required", columnRequired != null && columnRequired.asBoolean());
            field.set("type", type);
            if (doc != null && doc.isTextual()) {
                field.set("doc", doc);
            }
        }
        return ok() ? struct : null;
    }

    private Schema parse(JsonNode json, String pointer) {
        if (json == null || !ok()) {
            return null;
        }
        try {
            Schema schema = SchemaParser.fromJson(json);
            if (schema.columns().isEmpty()) {
                problem(pointer, "must have at least one field");
                return null;
            }
            checkNames(schema.asStruct(), pointer);
            return schema;
        } catch (RuntimeException e) {
            problem(pointer, "is not a valid Iceberg schema: " + e.getMessage());
            return null;
        }
    }

    private void checkNames(org.apache.iceberg.types.Types.StructType struct, String pointer) {
        for (org.apache.iceberg.types.Types.NestedField field : struct.fields()) {
            String name = field.name();
            if (name.isEmpty()
                    || name.length() > CatalogRules.MAX_NAME_LENGTH
                    || name.chars().anyMatch(Character::isISOControl)) {
                problem(
                        pointer,
                        "column name '" + name.replaceAll("\\p{Cntrl}", "?") + "' must be 1-"
                                + CatalogRules.MAX_NAME_LENGTH + " characters without control characters");
            }
            if (field.type().isStructType()) {
                checkNames(field.type().asStructType(), pointer);
            }
        }
    }
}
