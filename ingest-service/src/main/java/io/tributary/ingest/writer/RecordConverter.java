package io.tributary.ingest.writer;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.ingest.core.Timestamps;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Turns a record as it sits on an ingest topic (the normal JSON form {@code RecordJson} writes, see the module README)
 * into an Iceberg generic {@link Record} of the table's current schema.
 *
 * <p>Records were validated when they were accepted, possibly against an older schema. So a field the schema has and
 * the record lacks is null (a column added later), and a field the record has and the schema lacks is reported to the
 * caller (the writer's schema may be stale; otherwise the column was dropped since and has no place to go). Values are
 * never rounded: a value that does not fit its column is an {@link IllegalArgumentException} naming the field.
 */
public final class RecordConverter {

    private RecordConverter() {}

    /** A converted record, and whether the JSON named fields the schema does not have. */
    public record Converted(Record record, boolean unknownFields) {}

    public static Converted convert(JsonNode json, Schema schema) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("/: a record must be a JSON object");
        }
        boolean[] unknown = {false};
        Record record = struct(json, schema.asStruct(), "", unknown);
        return new Converted(record, unknown[0]);
    }

    private static Record struct(JsonNode object, Types.StructType type, String pointer, boolean[] unknown) {
        GenericRecord record = GenericRecord.create(type);
        List<Types.NestedField> fields = type.fields();
        for (int i = 0; i < fields.size(); i++) {
            Types.NestedField field = fields.get(i);
            String at = pointer + "/" + field.name();
            JsonNode node = object.get(field.name());
            Object value = node == null || node.isNull() ? null : value(node, field.type(), at, unknown);
            if (value == null && field.isRequired()) {
                throw new IllegalArgumentException(at + ": required field is " + (node == null ? "missing" : "null"));
            }
            record.set(i, value);
        }
        if (object.size() > fields.size() || hasUnknown(object, type)) {
            unknown[0] = true;
        }
        return record;
    }

    private static boolean hasUnknown(JsonNode object, Types.StructType type) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            if (type.field(names.next()) == null) {
                return true;
            }
        }
        return false;
    }

    private static Object value(JsonNode node, Type type, String at, boolean[] unknown) {
        switch (type.typeId()) {
            case STRUCT -> {
                require(node.isObject(), at, type, node);
                return struct(node, type.asStructType(), at, unknown);
            }
            case LIST -> {
                require(node.isArray(), at, type, node);
                Types.ListType list = type.asListType();
                List<Object> values = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    JsonNode element = node.get(i);
                    Object value = element.isNull() ? null : value(element, list.elementType(), at + "/" + i, unknown);
                    if (value == null && list.isElementRequired()) {
                        throw new IllegalArgumentException(at + "/" + i + ": list elements must not be null");
                    }
                    values.add(value);
                }
                return values;
            }
            case MAP -> {
                require(node.isObject(), at, type, node);
                Types.MapType map = type.asMapType();
                Map<Object, Object> values = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    String entryAt = at + "/" + entry.getKey();
                    Object key = text(entry.getKey(), map.keyType(), entryAt);
                    JsonNode valueNode = entry.getValue();
                    Object value = valueNode.isNull() ? null : value(valueNode, map.valueType(), entryAt, unknown);
                    if (value == null && map.isValueRequired()) {
                        throw new IllegalArgumentException(entryAt + ": map values must not be null");
                    }
                    values.put(key, value);
                }
                return values;
            }
            case BOOLEAN -> {
                require(node.isBoolean(), at, type, node);
                return node.booleanValue();
            }
            case INTEGER, LONG -> {
                require(node.isNumber() && node.canConvertToExactIntegral(), at, type, node);
                try {
                    BigDecimal exact = node.decimalValue();
                    return type.typeId() == Type.TypeID.INTEGER
                            ? (Object) exact.intValueExact()
                            : (Object) exact.longValueExact();
                } catch (ArithmeticException e) {
                    throw mismatch(at, type, node);
                }
            }
            case FLOAT, DOUBLE -> {
                double d;
                if (node.isNumber()) {
                    d = node.doubleValue();
                } else if (node.isTextual()) {
                    d = nonFinite(node.textValue(), at, type);
                } else {
                    throw mismatch(at, type, node);
                }
                return type.typeId() == Type.TypeID.FLOAT ? (Object) (float) d : (Object) d;
            }
            case DECIMAL -> {
                require(node.isNumber() || node.isTextual(), at, type, node);
                return decimal(
                        node.isTextual()
                                ? node.textValue()
                                : node.decimalValue().toPlainString(),
                        (Types.DecimalType) type,
                        at);
            }
            case VARIANT, GEOMETRY, GEOGRAPHY, UNKNOWN ->
                throw new IllegalArgumentException(
                        at + ": values of type " + type + " cannot be written by the lake writer");
            default -> {
                require(node.isTextual(), at, type, node);
                return text(node.textValue(), type, at);
            }
        }
    }

    /** A primitive from its text form: a value of a text-typed column, or a map key. */
    private static Object text(String text, Type type, String at) {
        try {
            return switch (type.typeId()) {
                case STRING -> text;
                case UUID -> UUID.fromString(text);
                case DATE -> LocalDate.parse(text);
                case TIME -> LocalTime.parse(text);
                case TIMESTAMP, TIMESTAMP_NANO ->
                    adjustsToUtc(type)
                            ? Timestamps.parseOffset(text).withOffsetSameInstant(ZoneOffset.UTC)
                            : Timestamps.parseLocal(text);
                case FIXED -> {
                    byte[] bytes = Base64.getDecoder().decode(text);
                    int length = ((Types.FixedType) type).length();
                    if (bytes.length != length) {
                        throw new IllegalArgumentException(at + ": expected " + length + " bytes, got " + bytes.length);
                    }
                    yield bytes;
                }
                case BINARY -> ByteBuffer.wrap(Base64.getDecoder().decode(text));
                case BOOLEAN ->
                    switch (text) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default ->
                            throw new IllegalArgumentException(at + ": expected true or false, got \"" + text + "\"");
                    };
                case INTEGER -> Integer.parseInt(text);
                case LONG -> Long.parseLong(text);
                case FLOAT -> (float) Double.parseDouble(text);
                case DOUBLE -> Double.parseDouble(text);
                case DECIMAL -> decimal(text, (Types.DecimalType) type, at);
                default -> throw new IllegalArgumentException(at + ": " + type + " cannot be read from text");
            };
        } catch (DateTimeParseException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(at + ":")) {
                throw e;
            }
            throw new IllegalArgumentException(at + ": \"" + text + "\" is not a valid " + type, e);
        }
    }

    private static BigDecimal decimal(String text, Types.DecimalType type, String at) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ": \"" + text + "\" is not a valid " + type, e);
        }
        try {
            value = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    at + ": " + text + " has more than " + type.scale() + " digits after the point");
        }
        if (value.precision() > type.precision()) {
            throw new IllegalArgumentException(at + ": " + text + " does not fit " + type);
        }
        return value;
    }

    private static double nonFinite(String text, String at, Type type) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException(at + ": expected " + type + ", got \"" + text + "\"");
        };
    }

    private static boolean adjustsToUtc(Type type) {
        return type instanceof Types.TimestampType t
                ? t.shouldAdjustToUTC()
                : type instanceof Types.TimestampNanoType n && n.shouldAdjustToUTC();
    }

    private static void require(boolean ok, String at, Type type, JsonNode node) {
        if (!ok) {
            throw mismatch(at, type, node);
        }
    }

    private static IllegalArgumentException mismatch(String at, Type type, JsonNode node) {
        String shown = node.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "…";
        }
        return new IllegalArgumentException(
                at + ": expected " + type + ", got " + node.getNodeType().name().toLowerCase() + " " + shown);
    }
}
