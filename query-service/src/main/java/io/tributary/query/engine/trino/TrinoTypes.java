package io.tributary.query.engine.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.query.core.ResultValues;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trino's types and values in the forms DuckDB's answers have: type names in Iceberg's terms, and each value of the
 * client protocol's JSON encoding turned into the Java value DuckDB's driver gives, then made portable by
 * {@link ResultValues}. So an answer reads the same whichever engine ran.
 */
public final class TrinoTypes {

    private TrinoTypes() {}

    /**
     * A Trino type from a column's {@code typeSignature}.
     *
     * @param raw        the base name ({@code decimal}, {@code array}, {@code row}, {@code timestamp with time zone})
     * @param numbers    its numeric parameters (precision, scale, length)
     * @param parameters its type parameters (an array's element, a map's key and value, a row's fields)
     * @param fieldNames a row's field names, null for an anonymous field
     */
    public record Type(String raw, List<Long> numbers, List<Type> parameters, List<String> fieldNames) {

        public Type {
            raw = raw.toLowerCase(Locale.ROOT);
            numbers = List.copyOf(numbers);
            parameters = List.copyOf(parameters);
            fieldNames = fieldNames == null
                    ? List.of()
                    : java.util.Collections.unmodifiableList(new ArrayList<>(fieldNames));
        }

        public static Type of(String raw, long... numbers) {
            List<Long> list = new ArrayList<>();
            for (long number : numbers) {
                list.add(number);
            }
            return new Type(raw, list, List.of(), List.of());
        }

        public static Type parse(JsonNode signature) {
            String raw = signature.path("rawType").asText("unknown");
            List<Long> numbers = new ArrayList<>();
            List<Type> parameters = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (JsonNode argument : signature.path("arguments")) {
                JsonNode value = argument.path("value");
                switch (argument.path("kind").asText("")) {
                    case "LONG", "LONG_LITERAL" -> numbers.add(value.asLong());
                    case "TYPE", "TYPE_SIGNATURE" -> parameters.add(parse(value));
                    case "NAMED_TYPE", "NAMED_TYPE_SIGNATURE" -> {
                        JsonNode name = value.path("fieldName");
                        names.add(name.isObject() ? name.path("name").asText(null) : null);
                        parameters.add(parse(value.path("typeSignature")));
                    }
                    default -> {
                        // a variable (a type that is not fully known): nothing to convert by
                    }
                }
            }
            return new Type(raw, numbers, parameters, names);
        }

        long number(int index, long otherwise) {
            return index < numbers.size() ? numbers.get(index) : otherwise;
        }
    }

    /** Iceberg's name for the type, the one DuckDB's answers give ({@code long}, {@code decimal(38,2)}, ...). */
    public static String icebergName(Type type) {
        return switch (type.raw()) {
            case "boolean" -> "boolean";
            case "tinyint", "smallint", "integer" -> "int";
            case "bigint" -> "long";
            case "real" -> "float";
            case "double" -> "double";
            case "decimal" -> "decimal(" + type.number(0, 38) + "," + type.number(1, 0) + ")";
            case "varchar", "char" -> "string";
            case "varbinary" -> "binary";
            case "date" -> "date";
            case "time" -> "time";
            case "timestamp" -> type.number(0, 3) > 6 ? "timestamp_ns" : "timestamp";
            case "timestamp with time zone" -> "timestamptz";
            case "uuid" -> "uuid";
            case "array" ->
                "list<"
                        + (type.parameters().isEmpty()
                                ? "unknown"
                                : icebergName(type.parameters().get(0))) + ">";
            case "row" -> "struct";
            case "map" -> "map";
            default -> type.raw();
        };
    }

    /** A value of the client protocol's JSON in its portable form. */
    public static Object portable(Type type, JsonNode value) {
        return ResultValues.portable(javaValue(type, value));
    }

    /** The value as DuckDB's driver would give it, before {@link ResultValues#portable}. */
    static Object javaValue(Type type, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return switch (type.raw()) {
            case "boolean" -> value.asBoolean();
            case "tinyint", "smallint", "integer", "bigint" -> value.asLong();
            // A real travels as its shortest decimal text; DuckDB's FLOAT reaches JSON as that float widened.
            case "real" -> value.isNumber() ? value.floatValue() : Float.parseFloat(value.asText());
            case "double" -> value.isNumber() ? value.doubleValue() : Double.parseDouble(value.asText());
            case "decimal" -> new BigDecimal(value.asText()).setScale((int) type.number(1, 0));
            case "date" -> LocalDate.parse(value.asText());
            case "time" -> LocalTime.parse(value.asText());
            case "timestamp" -> LocalDateTime.parse(value.asText().replace(' ', 'T'));
            case "timestamp with time zone" -> zoned(value.asText());
            case "array" -> list(type, value);
            case "map" -> map(type, value);
            case "row" -> row(type, value);
            case "varchar", "char", "varbinary", "uuid", "json" -> value.asText();
            default -> value.isValueNode() ? value.asText() : value.toString();
        };
    }

    /** {@code 2024-01-01 10:00:00.000000 UTC}: date, time and a zone id or offset after the last space. */
    private static Object zoned(String text) {
        int space = text.lastIndexOf(' ');
        LocalDateTime local = LocalDateTime.parse(text.substring(0, space).replace(' ', 'T'));
        return local.atZone(ZoneId.of(text.substring(space + 1)));
    }

    private static List<Object> list(Type type, JsonNode value) {
        Type element = type.parameters().isEmpty()
                ? Type.of("unknown")
                : type.parameters().get(0);
        List<Object> list = new ArrayList<>();
        for (JsonNode item : value) {
            list.add(javaValue(element, item));
        }
        return list;
    }

    private static Map<Object, Object> map(Type type, JsonNode value) {
        Type key = type.parameters().size() > 0 ? type.parameters().get(0) : Type.of("varchar");
        Type element = type.parameters().size() > 1 ? type.parameters().get(1) : Type.of("unknown");
        Map<Object, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(
                    javaValue(key, com.fasterxml.jackson.databind.node.TextNode.valueOf(field.getKey())),
                    javaValue(element, field.getValue()));
        }
        return map;
    }

    /** A row travels as a list of its fields' values; DuckDB's struct is an object by field name. */
    private static Map<Object, Object> row(Type type, JsonNode value) {
        Map<Object, Object> row = new LinkedHashMap<>();
        if (value.isObject()) {
            int index = 0;
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                Type fieldType =
                        index < type.parameters().size() ? type.parameters().get(index) : Type.of("unknown");
                row.put(field.getKey(), javaValue(fieldType, field.getValue()));
                index++;
            }
            return row;
        }
        int index = 0;
        for (JsonNode item : value) {
            Type field = index < type.parameters().size() ? type.parameters().get(index) : Type.of("unknown");
            String name = index < type.fieldNames().size() ? type.fieldNames().get(index) : null;
            row.put(name == null ? "field" + index : name, javaValue(field, item));
            index++;
        }
        return row;
    }
}
