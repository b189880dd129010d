package io.tributary.governance.core.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contracts.problem.JsonPointer;
import io.tributary.governance.core.TableRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A quality rule's JSON form, as the API takes it and the database stores it. Reading reports every fault of shape
 * and parameters with its JSON pointer; whether the columns fit the table is {@link QualityRuleValidator}'s job.
 */
public final class QualityRuleCodec {

    public static final int MAX_TEXT = 4096;
    public static final int MAX_NAME = 255;
    public static final int MAX_LIST = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> FIELDS =
            Set.of("table", "name", "type", "columns", "params", "severity", "description", "version");
    /** Fields the API answers with; a client may send a rule back as it got it. */
    private static final Set<String> READ_ONLY = Set.of("id", "created-by", "created-at", "updated-by", "updated-at");

    private static final Pattern ICEBERG_TYPE = Pattern.compile(
            "boolean|int|integer|long|float|double|date|time|timestamp|timestamptz|timestamp_ns|timestamptz_ns"
                    + "|string|uuid|binary|decimal\\(\\s*\\d+\\s*,\\s*\\d+\\s*\\)|fixed\\[\\s*\\d+\\s*\\]");

    private QualityRuleCodec() {}

    /**
     * Reads a rule, adding each fault to {@code faults}; parts at fault are null in the answer, which is only usable
     * when {@code faults} stayed empty.
     */
    public static QualityRule.Draft read(JsonNode node, List<RuleViolation> faults) {
        if (node == null || !node.isObject()) {
            faults.add(new RuleViolation("", "must be a JSON object"));
            return new QualityRule.Draft(null, null, null, null, null, null);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name) && !READ_ONLY.contains(name)) {
                faults.add(new RuleViolation(JsonPointer.append("", name), "is not a field of a quality rule"));
            }
        }
        TableRef table = null;
        String tableText = text(node.get("table"), "/table", true, MAX_TEXT, faults);
        if (tableText != null) {
            try {
                table = TableRef.parse(tableText);
            } catch (IllegalArgumentException e) {
                faults.add(new RuleViolation("/table", e.getMessage()));
            }
        }
        String name = text(node.get("name"), "/name", true, MAX_NAME, faults);
        if (name != null && name.chars().anyMatch(Character::isISOControl)) {
            faults.add(new RuleViolation("/name", "must not contain control characters"));
            name = null;
        }
        RuleType type = null;
        String typeText = text(node.get("type"), "/type", true, MAX_TEXT, faults);
        if (typeText != null) {
            try {
                type = RuleType.fromWire(typeText);
            } catch (IllegalArgumentException e) {
                faults.add(new RuleViolation("/type", e.getMessage()));
            }
        }
        Severity severity = Severity.WARN;
        String severityText = text(node.get("severity"), "/severity", false, MAX_TEXT, faults);
        if (severityText != null) {
            try {
                severity = Severity.fromWire(severityText);
            } catch (IllegalArgumentException e) {
                faults.add(new RuleViolation("/severity", e.getMessage()));
            }
        }
        String description = text(node.get("description"), "/description", false, MAX_TEXT, faults);
        Integer version = null;
        JsonNode versionNode = node.get("version");
        if (versionNode != null && !versionNode.isNull()) {
            if (!versionNode.isIntegralNumber() || !versionNode.canConvertToInt() || versionNode.asInt() < 1) {
                faults.add(new RuleViolation("/version", "must be a positive integer"));
            } else {
                version = versionNode.asInt();
            }
        }
        RuleCheck check = null;
        if (type != null) {
            JsonNode params = node.get("params");
            if (params == null || params.isNull()) {
                params = JSON.createObjectNode();
            }
            if (!params.isObject()) {
                faults.add(new RuleViolation("/params", "must be a JSON object"));
            } else {
                check = check(type, node.get("columns"), params, faults);
            }
        }
        return new QualityRule.Draft(table, name, check, severity, description, version);
    }

    /** Reads a rule the store wrote; it was valid when written. */
    public static QualityRule.Draft readStored(JsonNode node) {
        List<RuleViolation> faults = new ArrayList<>();
        QualityRule.Draft draft = read(node, faults);
        if (!faults.isEmpty()) {
            throw new IllegalStateException("a stored quality rule no longer reads: " + faults);
        }
        return draft;
    }

    private static RuleCheck check(RuleType type, JsonNode columnsNode, JsonNode params, List<RuleViolation> faults) {
        int before = faults.size();
        allowOnly(type, params, faults);
        List<String> columns = columns(columnsNode, faults);
        RuleCheck check = switch (type) {
            case NOT_NULL -> atLeastOne(columns, faults) ? new RuleCheck.NotNull(columns) : null;
            case UNIQUE -> atLeastOne(columns, faults) ? new RuleCheck.Unique(columns) : null;
            case ACCEPTED_VALUES -> {
                String column = exactlyOne(columns, faults);
                List<Object> values = values(params.get("values"), faults);
                yield column == null || values == null ? null : new RuleCheck.AcceptedValues(column, values);
            }
            case RANGE -> range(exactlyOne(columns, faults), params, faults);
            case REGEX -> {
                String column = exactlyOne(columns, faults);
                String pattern = text(params.get("pattern"), "/params/pattern", true, Integer.MAX_VALUE, faults);
                if (pattern != null) {
                    var problem = RegexSafety.problem(pattern);
                    if (problem.isPresent()) {
                        faults.add(new RuleViolation("/params/pattern", problem.get()));
                        pattern = null;
                    }
                }
                yield column == null || pattern == null ? null : new RuleCheck.Regex(column, pattern);
            }
            case LENGTH -> {
                String column = exactlyOne(columns, faults);
                Long[] bounds = bounds(params, faults);
                yield column == null || bounds == null ? null : new RuleCheck.Length(column, bounds[0], bounds[1]);
            }
            case ROW_COUNT -> {
                none(columns, "row_count", faults);
                Long[] bounds = bounds(params, faults);
                yield bounds == null ? null : new RuleCheck.RowCount(bounds[0], bounds[1]);
            }
            case FRESHNESS -> {
                String column = exactlyOne(columns, faults);
                Duration maxAge = maxAge(params.get("max-age"), faults);
                yield column == null || maxAge == null ? null : new RuleCheck.Freshness(column, maxAge);
            }
            case SCHEMA -> schema(columns, params.get("types"), faults);
            case SQL -> {
                none(columns, "sql", faults);
                String sql = text(params.get("sql"), "/params/sql", true, Integer.MAX_VALUE, faults);
                if (sql != null) {
                    SqlAssertion.Checked checked = SqlAssertion.check(sql);
                    if (checked.refusal().isPresent()) {
                        faults.add(new RuleViolation(
                                "/params/sql", checked.refusal().get()));
                        sql = null;
                    }
                }
                yield sql == null ? null : new RuleCheck.Sql(sql);
            }
        };
        return faults.size() == before ? check : null;
    }

    private static void allowOnly(RuleType type, JsonNode params, List<RuleViolation> faults) {
        Set<String> allowed = switch (type) {
            case NOT_NULL, UNIQUE -> Set.of();
            case ACCEPTED_VALUES -> Set.of("values");
            case RANGE -> Set.of("min", "max", "min-inclusive", "max-inclusive");
            case REGEX -> Set.of("pattern");
            case LENGTH, ROW_COUNT -> Set.of("min", "max");
            case FRESHNESS -> Set.of("max-age");
            case SCHEMA -> Set.of("types");
            case SQL -> Set.of("sql");
        };
        for (Iterator<String> names = params.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                faults.add(new RuleViolation(
                        JsonPointer.append("/params", name),
                        "is not a parameter of a " + type.wireName() + " rule"
                                + (allowed.isEmpty()
                                        ? " (it takes none)"
                                        : " (it takes " + String.join(", ", sorted(allowed)) + ")")));
            }
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    private static List<String> columns(JsonNode node, List<RuleViolation> faults) {
        List<String> columns = new ArrayList<>();
        if (node == null || node.isNull()) {
            return columns;
        }
        if (!node.isArray()) {
            faults.add(new RuleViolation("/columns", "must be an array of column names"));
            return null;
        }
        if (node.size() > MAX_LIST) {
            faults.add(new RuleViolation("/columns", "has more than " + MAX_LIST + " entries"));
            return null;
        }
        Set<String> seen = new HashSet<>();
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            String column = text(node.get(i), JsonPointer.append("/columns", i), true, MAX_NAME, faults);
            if (column == null) {
                ok = false;
            } else if (!seen.add(column)) {
                faults.add(new RuleViolation(JsonPointer.append("/columns", i), "names '" + column + "' twice"));
                ok = false;
            } else {
                columns.add(column);
            }
        }
        return ok ? columns : null;
    }

    private static boolean atLeastOne(List<String> columns, List<RuleViolation> faults) {
        if (columns == null) {
            return false;
        }
        if (columns.isEmpty()) {
            faults.add(new RuleViolation("/columns", "must name at least one column"));
            return false;
        }
        return true;
    }

    private static String exactlyOne(List<String> columns, List<RuleViolation> faults) {
        if (columns == null) {
            return null;
        }
        if (columns.size() != 1) {
            faults.add(new RuleViolation("/columns", "must name exactly one column"));
            return null;
        }
        return columns.get(0);
    }

    private static void none(List<String> columns, String type, List<RuleViolation> faults) {
        if (columns != null && !columns.isEmpty()) {
            faults.add(new RuleViolation("/columns", "must be empty: a " + type + " rule reads no column of its own"));
        }
    }

    private static List<Object> values(JsonNode node, List<RuleViolation> faults) {
        if (node == null || node.isNull()) {
            faults.add(new RuleViolation("/params/values", "is required: the accepted values"));
            return null;
        }
        if (!node.isArray()) {
            faults.add(new RuleViolation("/params/values", "must be an array of strings, numbers or booleans"));
            return null;
        }
        if (node.isEmpty()) {
            faults.add(new RuleViolation("/params/values", "must not be empty: no value would be accepted"));
            return null;
        }
        if (node.size() > MAX_LIST) {
            faults.add(new RuleViolation("/params/values", "has more than " + MAX_LIST + " entries"));
            return null;
        }
        List<Object> values = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            JsonNode value = node.get(i);
            String pointer = JsonPointer.append("/params/values", i);
            if (value.isTextual()) {
                if (value.asText().indexOf('\0') >= 0 || value.asText().length() > MAX_TEXT) {
                    faults.add(
                            new RuleViolation(pointer, "must not contain NUL or exceed " + MAX_TEXT + " characters"));
                    ok = false;
                } else {
                    values.add(value.asText());
                }
            } else if (value.isNumber()) {
                values.add(value.decimalValue());
            } else if (value.isBoolean()) {
                values.add(value.asBoolean());
            } else {
                faults.add(new RuleViolation(pointer, "must be a string, a number or a boolean"));
                ok = false;
            }
        }
        return ok ? values : null;
    }

    private static RuleCheck range(String column, JsonNode params, List<RuleViolation> faults) {
        BigDecimal min = number(params.get("min"), "/params/min", faults);
        BigDecimal max = number(params.get("max"), "/params/max", faults);
        boolean minInclusive = bool(params.get("min-inclusive"), "/params/min-inclusive", faults);
        boolean maxInclusive = bool(params.get("max-inclusive"), "/params/max-inclusive", faults);
        if (!params.has("min") && !params.has("max")) {
            faults.add(new RuleViolation("/params", "needs min, max or both"));
            return null;
        }
        if (min != null && max != null) {
            int order = min.compareTo(max);
            if (order > 0) {
                faults.add(new RuleViolation("/params/min", "is greater than max (" + max.toPlainString() + ")"));
                return null;
            }
            if (order == 0 && !(minInclusive && maxInclusive)) {
                faults.add(new RuleViolation("/params/min", "equals max with an exclusive bound: no value could pass"));
                return null;
            }
        }
        return column == null ? null : new RuleCheck.Range(column, min, max, minInclusive, maxInclusive);
    }

    private static BigDecimal number(JsonNode node, String pointer, List<RuleViolation> faults) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            faults.add(new RuleViolation(pointer, "must be a number"));
            return null;
        }
        return node.decimalValue();
    }

    private static boolean bool(JsonNode node, String pointer, List<RuleViolation> faults) {
        if (node == null || node.isNull()) {
            return true;
        }
        if (!node.isBoolean()) {
            faults.add(new RuleViolation(pointer, "must be true or false"));
            return true;
        }
        return node.asBoolean();
    }

    /** min and max of a length or row count: whole numbers from 0, at least one of them; null on a fault. */
    private static Long[] bounds(JsonNode params, List<RuleViolation> faults) {
        int before = faults.size();
        Long min = count(params.get("min"), "/params/min", faults);
        Long max = count(params.get("max"), "/params/max", faults);
        if (faults.size() != before) {
            return null;
        }
        if (min == null && max == null) {
            faults.add(new RuleViolation("/params", "needs min, max or both"));
            return null;
        }
        if (min != null && max != null && min > max) {
            faults.add(new RuleViolation("/params/min", "is greater than max (" + max + ")"));
            return null;
        }
        return new Long[] {min, max};
    }

    private static Long count(JsonNode node, String pointer, List<RuleViolation> faults) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            faults.add(new RuleViolation(pointer, "must be a whole number from 0"));
            return null;
        }
        return node.asLong();
    }

    private static Duration maxAge(JsonNode node, List<RuleViolation> faults) {
        String text = text(node, "/params/max-age", true, 100, faults);
        if (text == null) {
            return null;
        }
        try {
            Duration duration = Duration.parse(text);
            if (duration.getSeconds() < 1) {
                faults.add(new RuleViolation("/params/max-age", "must be at least one second"));
                return null;
            }
            return duration;
        } catch (DateTimeParseException e) {
            faults.add(new RuleViolation("/params/max-age", "must be an ISO-8601 duration such as PT6H or P1D"));
            return null;
        }
    }

    private static RuleCheck schema(List<String> columns, JsonNode types, List<RuleViolation> faults) {
        if (types == null || types.isNull()) {
            faults.add(new RuleViolation("/params/types", "is required: each column's expected Iceberg type"));
            return null;
        }
        if (!types.isObject() || types.isEmpty()) {
            faults.add(new RuleViolation(
                    "/params/types", "must be an object of column names to Iceberg types, with at least one entry"));
            return null;
        }
        Map<String, String> expected = new LinkedHashMap<>();
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = types.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String pointer = JsonPointer.append("/params/types", entry.getKey());
            String type = text(entry.getValue(), pointer, true, 100, faults);
            if (type == null) {
                ok = false;
            } else if (!ICEBERG_TYPE.matcher(type.trim()).matches()) {
                faults.add(new RuleViolation(
                        pointer,
                        "is not an Iceberg type (boolean, int, long, float, double, decimal(p, s), date, time,"
                                + " timestamp, timestamptz, string, uuid, fixed[n], binary)"));
                ok = false;
            } else {
                expected.put(entry.getKey(), type.trim());
            }
        }
        if (columns != null && !columns.isEmpty() && !Set.copyOf(columns).equals(expected.keySet()) && ok) {
            faults.add(new RuleViolation("/columns", "must be empty or name exactly the columns of /params/types"));
            return null;
        }
        return ok ? new RuleCheck.Schema(expected) : null;
    }

    private static String text(JsonNode value, String pointer, boolean required, int max, List<RuleViolation> faults) {
        if (value == null || value.isNull()) {
            if (required) {
                faults.add(new RuleViolation(pointer, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            faults.add(new RuleViolation(pointer, "must be a string"));
            return null;
        }
        String text = value.asText();
        if (text.length() > max) {
            faults.add(new RuleViolation(pointer, "is longer than " + max + " characters"));
            return null;
        }
        if (required && text.isBlank()) {
            faults.add(new RuleViolation(pointer, "must not be empty"));
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            faults.add(new RuleViolation(pointer, "must not contain NUL characters"));
            return null;
        }
        return text;
    }

    /** The rule as the API answers it. */
    public static ObjectNode write(QualityRule rule) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", rule.id().toString());
        body(node, rule.table(), rule.name(), rule.check(), rule.severity(), rule.description());
        node.put("version", rule.version());
        node.put("created-by", rule.createdBy());
        node.put("created-at", rule.createdAt().toString());
        node.put("updated-by", rule.updatedBy());
        node.put("updated-at", rule.updatedAt().toString());
        return node;
    }

    /** What the store keeps of a rule besides its id, version and who and when: the fields a client writes. */
    public static ObjectNode writeBody(QualityRule.Draft draft) {
        ObjectNode node = JSON.createObjectNode();
        body(node, draft.table(), draft.name(), draft.check(), draft.severity(), draft.description());
        return node;
    }

    private static void body(
            ObjectNode node, TableRef table, String name, RuleCheck check, Severity severity, String description) {
        node.put("table", table.toString());
        node.put("name", name);
        node.put("type", check.type().wireName());
        ArrayNode columns = node.putArray("columns");
        check.columns().forEach(columns::add);
        node.set("params", params(check));
        node.put("severity", severity.wireName());
        if (description != null) {
            node.put("description", description);
        }
    }

    private static ObjectNode params(RuleCheck check) {
        ObjectNode params = JSON.createObjectNode();
        if (check instanceof RuleCheck.AcceptedValues c) {
            ArrayNode values = params.putArray("values");
            for (Object value : c.values()) {
                if (value instanceof BigDecimal number) {
                    values.add(number);
                } else if (value instanceof Boolean bool) {
                    values.add(bool);
                } else {
                    values.add((String) value);
                }
            }
        } else if (check instanceof RuleCheck.Range c) {
            if (c.min() != null) {
                params.put("min", c.min());
            }
            if (c.max() != null) {
                params.put("max", c.max());
            }
            params.put("min-inclusive", c.minInclusive());
            params.put("max-inclusive", c.maxInclusive());
        } else if (check instanceof RuleCheck.Regex c) {
            params.put("pattern", c.pattern());
        } else if (check instanceof RuleCheck.Length c) {
            bounds(params, c.min(), c.max());
        } else if (check instanceof RuleCheck.RowCount c) {
            bounds(params, c.min(), c.max());
        } else if (check instanceof RuleCheck.Freshness c) {
            params.put("max-age", c.maxAge().toString());
        } else if (check instanceof RuleCheck.Schema c) {
            ObjectNode types = params.putObject("types");
            c.types().forEach(types::put);
        } else if (check instanceof RuleCheck.Sql c) {
            params.put("sql", c.sql());
        }
        return params;
    }

    private static void bounds(ObjectNode params, Long min, Long max) {
        if (min != null) {
            params.put("min", min);
        }
        if (max != null) {
            params.put("max", max);
        }
    }
}
