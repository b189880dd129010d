package io.tributary.ingest.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.ingest.core.body.ValueForm;
import io.tributary.ingest.core.body.Violation;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Checks a JSON record against an ingest contract and converts it to Iceberg's generic values.
 *
 * <p>The rules, in short: nothing is coerced, rounded or dropped silently. A JSON number never fills a string
 * field; a decimal with more places than its scale is rejected, not rounded; a timestamp more precise than its
 * column is rejected, not truncated; a field the contract does not name is rejected, not ignored. Floats and
 * doubles are approximate by nature, so they only fail when a value overflows or would underflow to zero.
 */
public final class RecordValidator {

    /** A record with more faults than this stops collecting them; it is rejected either way. */
    static final int MAX_VIOLATIONS_PER_RECORD = 100;
    /** Same bound as the JSON parser's: parsing a longer numeral costs quadratic time. */
    private static final int MAX_NUMBER_TEXT = 1000;

    private static final int SHOWN_CHARACTERS = 40;
    private static final Pattern UUID_TEXT =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    /** What a check returns for a value it refused, having recorded why. */
    static final Object INVALID = new Object();

    static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "+Infinity", "-Infinity");

    private final ValidationLimits limits;
    private final JsonMapper json;

    public RecordValidator(ValidationLimits limits) {
        this.limits = limits;
        this.json = IngestJson.mapper(limits.maxDepth());
    }

    public ValidationLimits limits() {
        return limits;
    }

    public Validation validate(JsonNode record, Schema contract) {
        return validate(record, contract, ValueForm.JSON);
    }

    public Validation validate(JsonNode record, Schema contract, ValueForm form) {
        Check check = new Check();
        if (record == null || !record.isObject()) {
            check.add("", "struct", actual(record), "A record must be a JSON object.");
            return Validation.invalid(check.violations);
        }
        Object value = check.struct(record, contract.asStruct(), "", 1, form == ValueForm.TEXT);
        return value == INVALID ? Validation.invalid(check.violations) : Validation.valid((StructValue) value);
    }

    /** Iceberg's name of a type as a producer reads it; nested types by kind only, their fields are checked one by one. */
    static String describe(Type type) {
        return switch (type.typeId()) {
            case STRUCT -> "struct";
            case LIST -> "list";
            case MAP -> "map";
            default -> type.toString();
        };
    }

    /** The kind of a JSON value and its text, trimmed, for a violation's {@code actual}. */
    static String actual(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        } else if (node.isNull()) {
            return "null";
        } else if (node.isTextual()) {
            return "string " + quoted(node.textValue());
        } else if (node.isNumber()) {
            return "number " + trimmed(node.isBigDecimal() ? node.decimalValue().toString() : node.asText());
        } else if (node.isBoolean()) {
            return "boolean " + node.booleanValue();
        } else if (node.isObject()) {
            return "object with " + node.size() + (node.size() == 1 ? " field" : " fields");
        } else if (node.isArray()) {
            return "array of " + node.size() + (node.size() == 1 ? " element" : " elements");
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(trimmed(text))) + "\"";
    }

    private static String trimmed(String text) {
        if (text.length() <= SHOWN_CHARACTERS) {
            return text;
        }
        int end = text.offsetByCodePoints(0, Math.min(SHOWN_CHARACTERS, text.codePointCount(0, text.length())));
        return end >= text.length() ? text : text.substring(0, end) + "… (" + text.length() + " characters)";
    }

    /** A check of primitive values for {@link OnePassEncoder}, which only needs to know whether a value passes. */
    Check check() {
        return new Check();
    }

    /** The violations of one record, collected while converting it. */
    final class Check {
        final List<Violation> violations = new ArrayList<>();

        void reset() {
            violations.clear();
        }

        Object add(String pointer, String expected, String actual, String message) {
            if (violations.size() < MAX_VIOLATIONS_PER_RECORD) {
                violations.add(new Violation(pointer, expected, actual, message));
            }
            return INVALID;
        }

        Object mismatch(String pointer, Type type, JsonNode node, String message) {
            return add(pointer, describe(type), actual(node), message);
        }

        boolean tooDeep(String pointer, int depth) {
            if (depth <= limits.maxDepth()) {
                return false;
            }
            add(
                    pointer,
                    "at most " + limits.maxDepth() + " levels of nesting",
                    "level " + depth,
                    "The record nests deeper than the limit of " + limits.maxDepth() + " levels.");
            return true;
        }

        Object value(JsonNode node, Type type, String pointer, int depth, boolean text) {
            switch (type.typeId()) {
                case STRUCT, LIST, MAP -> {
                    JsonNode nested = text && node.isTextual() ? jsonCell(node, type, pointer) : node;
                    if (nested == null) {
                        return INVALID;
                    }
                    if (nested.isNull()) {
                        return null;
                    }
                    if (type.isStructType()) {
                        return nested.isObject()
                                ? struct(nested, type.asStructType(), pointer, depth + 1, false)
                                : mismatch(pointer, type, nested, "Expected a JSON object.");
                    } else if (type.isListType()) {
                        return nested.isArray()
                                ? list(nested, type.asListType(), pointer, depth + 1)
                                : mismatch(pointer, type, nested, "Expected a JSON array.");
                    }
                    return nested.isObject()
                            ? map(nested, type.asMapType(), pointer, depth + 1)
                            : mismatch(pointer, type, nested, "Expected a JSON object whose keys are the map's keys.");
                }
                case VARIANT, GEOMETRY, GEOGRAPHY -> {
                    return add(
                            pointer,
                            describe(type),
                            actual(node),
                            "Values of type " + type
                                    + " cannot be written through the ingest API; leave the field out.");
                }
                case UNKNOWN -> {
                    return mismatch(pointer, type, node, "A field of type unknown can only be null.");
                }
                default -> {
                    if (text && node.isTextual()) {
                        return fromText(node.textValue(), type.asPrimitiveType(), pointer, node);
                    }
                    return primitive(node, type.asPrimitiveType(), pointer);
                }
            }
        }

        /** A CSV cell holding a struct, list or map as JSON text; null when it is not valid JSON. */
        private JsonNode jsonCell(JsonNode cell, Type type, String pointer) {
            try {
                return json.readTree(cell.textValue());
            } catch (JsonProcessingException e) {
                add(
                        pointer,
                        describe(type) + " as JSON text",
                        actual(cell),
                        "The value is not valid JSON: " + e.getOriginalMessage());
                return null;
            }
        }

        Object struct(JsonNode object, Types.StructType type, String pointer, int depth, boolean text) {
            if (tooDeep(pointer, depth)) {
                return INVALID;
            }
            List<Types.NestedField> fields = type.fields();
            Object[] values = new Object[fields.size()];
            boolean valid = true;
            for (int i = 0; i < fields.size(); i++) {
                Types.NestedField field = fields.get(i);
                String fieldPointer = Violation.child(pointer, field.name());
                JsonNode node = object.get(field.name());
                if (node == null || node.isMissingNode()) {
                    if (field.writeDefault() != null) {
                        values[i] = WriteDefaults.generic(field.type(), field.writeDefault());
                    } else if (field.isRequired()) {
                        add(
                                fieldPointer,
                                describe(field.type()),
                                "missing",
                                "Required field '" + field.name() + "' is missing.");
                        valid = false;
                    }
                } else if (node.isNull()) {
                    if (field.isRequired()) {
                        add(
                                fieldPointer,
                                describe(field.type()),
                                "null",
                                "Required field '" + field.name() + "' is null.");
                        valid = false;
                    }
                } else {
                    Object value = value(node, field.type(), fieldPointer, depth, text);
                    if (value == INVALID) {
                        valid = false;
                    } else {
                        values[i] = value;
                    }
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (type.field(entry.getKey()) == null) {
                    add(
                            Violation.child(pointer, entry.getKey()),
                            "no such field",
                            actual(entry.getValue()),
                            "Field '" + entry.getKey() + "' is not in the contract (field names are case-sensitive).");
                    valid = false;
                }
            }
            return valid ? new StructValue(type, values) : INVALID;
        }

        Object list(JsonNode array, Types.ListType type, String pointer, int depth) {
            if (tooDeep(pointer, depth)) {
                return INVALID;
            }
            List<Object> values = new ArrayList<>(array.size());
            boolean valid = true;
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                String elementPointer = Violation.child(pointer, i);
                if (element.isNull()) {
                    if (type.isElementRequired()) {
                        add(
                                elementPointer,
                                describe(type.elementType()),
                                "null",
                                "Elements of this list must not be null.");
                        valid = false;
                    }
                    values.add(null);
                    continue;
                }
                Object value = value(element, type.elementType(), elementPointer, depth, false);
                valid &= value != INVALID;
                values.add(value);
            }
            return valid ? Collections.unmodifiableList(values) : INVALID;
        }

        Object map(JsonNode object, Types.MapType type, String pointer, int depth) {
            if (tooDeep(pointer, depth)) {
                return INVALID;
            }
            if (!type.keyType().isPrimitiveType()) {
                return add(
                        pointer,
                        type.toString(),
                        actual(object),
                        "Maps keyed by " + describe(type.keyType()) + " cannot be written as JSON objects.");
            }
            Type.PrimitiveType keyType = type.keyType().asPrimitiveType();
            Map<Object, Object> values = new LinkedHashMap<>();
            boolean valid = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String entryPointer = Violation.child(pointer, entry.getKey());
                Object key = fromText(entry.getKey(), keyType, entryPointer, null);
                if (key == INVALID) {
                    valid = false;
                    continue;
                }
                if (values.containsKey(key)) {
                    add(
                            entryPointer,
                            describe(keyType),
                            "key " + quoted(entry.getKey()),
                            "Map key '" + entry.getKey() + "' is the same " + describe(keyType)
                                    + " as an earlier key.");
                    valid = false;
                    continue;
                }
                JsonNode node = entry.getValue();
                if (node.isNull()) {
                    if (type.isValueRequired()) {
                        add(entryPointer, describe(type.valueType()), "null", "Values of this map must not be null.");
                        valid = false;
                    }
                    values.put(key, null);
                    continue;
                }
                Object value = value(node, type.valueType(), entryPointer, depth, false);
                valid &= value != INVALID;
                values.put(key, value);
            }
            return valid ? Collections.unmodifiableMap(values) : INVALID;
        }

        Object primitive(JsonNode node, Type.PrimitiveType type, String pointer) {
            switch (type.typeId()) {
                case BOOLEAN:
                    return node.isBoolean()
                            ? node.booleanValue()
                            : mismatch(pointer, type, node, "Expected true or false.");
                case INTEGER, LONG:
                    if (node.isNumber() && !nonFinite(node)) {
                        return number(node.decimalValue(), type, pointer, node);
                    }
                    return mismatch(pointer, type, node, "Expected a JSON number.");
                case FLOAT, DOUBLE:
                    if (node.isNumber()) {
                        if (nonFinite(node)) {
                            // Only trees built by other mappers hold non-finite doubles; IngestJson never makes them.
                            return type.typeId() == Type.TypeID.FLOAT
                                    ? (Object) node.floatValue()
                                    : (Object) node.doubleValue();
                        }
                        return number(node.decimalValue(), type, pointer, node);
                    }
                    // JSON has no NaN or infinities, so those alone come as strings; other numbers must be numbers.
                    if (node.isTextual() && NON_FINITE.contains(node.textValue())) {
                        return fromText(node.textValue(), type, pointer, node);
                    }
                    return mismatch(
                            pointer, type, node, "Expected a JSON number, or \"NaN\", \"Infinity\" or \"-Infinity\".");
                case DECIMAL:
                    if (node.isNumber()) {
                        return nonFinite(node)
                                ? mismatch(pointer, type, node, "Decimals must be finite.")
                                : number(node.decimalValue(), type, pointer, node);
                    }
                    return node.isTextual()
                            ? fromText(node.textValue(), type, pointer, node)
                            : mismatch(
                                    pointer,
                                    type,
                                    node,
                                    "Expected a JSON number or a string holding a decimal number.");
                default:
                    return node.isTextual()
                            ? fromText(node.textValue(), type, pointer, node)
                            : mismatch(pointer, type, node, "Expected a JSON string holding " + textForm(type) + ".");
            }
        }

        Object number(BigDecimal value, Type.PrimitiveType type, String pointer, JsonNode node) {
            return switch (type.typeId()) {
                case INTEGER -> {
                    Object whole = integral(value, type, pointer, node);
                    if (whole == INVALID) {
                        yield INVALID;
                    }
                    long v = (Long) whole;
                    yield v < Integer.MIN_VALUE || v > Integer.MAX_VALUE
                            ? add(
                                    pointer,
                                    "int",
                                    actual(node),
                                    "The value is outside the int range -2147483648..2147483647.")
                            : (Object) (int) v;
                }
                case LONG -> integral(value, type, pointer, node);
                case FLOAT -> {
                    float f = value.floatValue();
                    yield Float.isInfinite(f)
                            ? add(pointer, "float", actual(node), "The value is too large for a float.")
                            : f == 0 && value.signum() != 0
                                    ? add(
                                            pointer,
                                            "float",
                                            actual(node),
                                            "The value is too small for a float and would become 0.")
                                    : (Object) f;
                }
                case DOUBLE -> {
                    double d = value.doubleValue();
                    yield Double.isInfinite(d)
                            ? add(pointer, "double", actual(node), "The value is too large for a double.")
                            : d == 0 && value.signum() != 0
                                    ? add(
                                            pointer,
                                            "double",
                                            actual(node),
                                            "The value is too small for a double and would become 0.")
                                    : (Object) d;
                }
                case DECIMAL -> decimal(value, (Types.DecimalType) type, pointer, node);
                default -> throw new IllegalStateException("not a numeric type: " + type);
            };
        }

        private Object integral(BigDecimal value, Type type, String pointer, JsonNode node) {
            if (value.signum() == 0) {
                return 0L;
            }
            String range = type.typeId() == Type.TypeID.INTEGER
                    ? "int range -2147483648..2147483647"
                    : "long range -9223372036854775808..9223372036854775807";
            // Digits before the point first: a numeral like 1e999999999 must not be expanded to find out.
            if (value.precision() - value.scale() > 19) {
                return add(pointer, describe(type), actual(node), "The value is outside the " + range + ".");
            }
            if (value.scale() > 0 && value.stripTrailingZeros().scale() > 0) {
                return add(pointer, describe(type), actual(node), "Expected a whole number.");
            }
            try {
                return value.longValueExact();
            } catch (ArithmeticException e) {
                return add(pointer, describe(type), actual(node), "The value is outside the " + range + ".");
            }
        }

        private Object decimal(BigDecimal value, Types.DecimalType type, String pointer, JsonNode node) {
            int precision = type.precision();
            int scale = type.scale();
            if (value.signum() == 0) {
                return BigDecimal.valueOf(0, scale);
            }
            int integerDigits = value.precision() - value.scale();
            if (integerDigits > precision - scale) {
                return add(
                        pointer,
                        describe(type),
                        actual(node),
                        "The value has " + integerDigits + " digits before the decimal point; " + type + " allows "
                                + (precision - scale) + ".");
            }
            BigDecimal exact = value;
            if (value.scale() > scale) {
                exact = value.stripTrailingZeros();
                if (exact.scale() > scale) {
                    return add(
                            pointer,
                            describe(type),
                            actual(node),
                            "The value has more than " + scale
                                    + " digits after the decimal point; values are never rounded.");
                }
            }
            return exact.setScale(scale);
        }

        /** A value given as text: a CSV cell, a map key, or a JSON string for a type written as a string. */
        Object fromText(String text, Type.PrimitiveType type, String pointer, JsonNode node) {
            // Described only when the value is refused: quoting every valid string would cost more than the check.
            Supplier<String> actual = () -> node != null ? actual(node) : "key " + quoted(text);
            try {
                switch (type.typeId()) {
                    case BOOLEAN:
                        if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
                            return Boolean.parseBoolean(text);
                        }
                        return add(pointer, describe(type), actual.get(), "Expected true or false.");
                    case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL:
                        return numberText(text, type, pointer, actual, node);
                    case STRING:
                        return string(text, pointer, actual);
                    case DATE: {
                        LocalDate date = Timestamps.parseDate(text);
                        long days = date.toEpochDay();
                        return days == (int) days
                                ? date
                                : add(
                                        pointer,
                                        describe(type),
                                        actual.get(),
                                        "The date is outside the range Iceberg can store.");
                    }
                    case TIME: {
                        LocalTime time = LocalTime.parse(text, DateTimeFormatter.ISO_LOCAL_TIME);
                        return time.getNano() % 1000 == 0
                                ? time
                                : add(
                                        pointer,
                                        describe(type),
                                        actual.get(),
                                        "The time is more precise than microseconds; it is never truncated.");
                    }
                    case TIMESTAMP, TIMESTAMP_NANO:
                        return timestamp(
                                text,
                                type,
                                type.typeId() == Type.TypeID.TIMESTAMP_NANO,
                                adjustsToUtc(type),
                                pointer,
                                actual);
                    case UUID:
                        return UUID_TEXT.matcher(text).matches()
                                ? UUID.fromString(text)
                                : add(
                                        pointer,
                                        describe(type),
                                        actual.get(),
                                        "Expected a UUID such as 0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69.");
                    case FIXED: {
                        byte[] bytes = Base64.getDecoder().decode(text);
                        int length = ((Types.FixedType) type).length();
                        return bytes.length == length
                                ? bytes
                                : add(
                                        pointer,
                                        describe(type),
                                        actual.get(),
                                        "Expected exactly " + length + " bytes, base64-encoded; got " + bytes.length
                                                + ".");
                    }
                    case BINARY:
                        return ByteBuffer.wrap(Base64.getDecoder().decode(text));
                    default:
                        // Only map keys reach here with other types, e.g. a geometry key.
                        return add(
                                pointer,
                                describe(type),
                                actual.get(),
                                "Values of type " + type + " cannot be given as text.");
                }
            } catch (DateTimeParseException e) {
                return add(pointer, describe(type), actual.get(), "Expected " + textForm(type) + ".");
            } catch (IllegalArgumentException e) {
                return add(
                        pointer,
                        describe(type),
                        actual.get(),
                        "Expected base64 (RFC 4648, standard alphabet): " + e.getMessage() + ".");
            }
        }

        private Object numberText(
                String text, Type.PrimitiveType type, String pointer, Supplier<String> actual, JsonNode node) {
            boolean floating = type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE;
            if (floating) {
                Double special = switch (text) {
                    case "NaN" -> Double.NaN;
                    case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
                    case "-Infinity" -> Double.NEGATIVE_INFINITY;
                    default -> null;
                };
                if (special != null) {
                    return type.typeId() == Type.TypeID.FLOAT ? (Object) special.floatValue() : (Object) special;
                }
            }
            if (text.length() > MAX_NUMBER_TEXT || !numeral(text)) {
                return add(
                        pointer,
                        describe(type),
                        actual.get(),
                        floating ? "Expected a number, or NaN, Infinity or -Infinity." : "Expected a number.");
            }
            return number(new BigDecimal(text), type, pointer, node != null ? node : TextNode.valueOf(text));
        }

        private Object timestamp(
                String text, Type type, boolean nanos, boolean withZone, String pointer, Supplier<String> actual) {
            long epochSecond;
            int nano;
            Object value;
            if (withZone) {
                OffsetDateTime parsed;
                try {
                    parsed = Timestamps.parseOffset(text);
                } catch (DateTimeParseException e) {
                    if (parses(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME)) {
                        return add(
                                pointer,
                                describe(type),
                                actual.get(),
                                "A " + type + " needs a UTC offset, such as " + text + "Z or " + text
                                        + "+02:00; without one the instant is ambiguous.");
                    }
                    throw e;
                }
                epochSecond = parsed.toEpochSecond();
                nano = parsed.getNano();
                value = parsed.withOffsetSameInstant(ZoneOffset.UTC);
            } else {
                LocalDateTime parsed;
                try {
                    parsed = Timestamps.parseLocal(text);
                } catch (DateTimeParseException e) {
                    if (parses(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)) {
                        return add(
                                pointer,
                                describe(type),
                                actual.get(),
                                "A " + type + " has no time zone, so the value must "
                                        + "not carry an offset; use a timestamptz column for instants.");
                    }
                    throw e;
                }
                epochSecond = parsed.toEpochSecond(ZoneOffset.UTC);
                nano = parsed.getNano();
                value = parsed;
            }
            if (!nanos && nano % 1000 != 0) {
                return add(
                        pointer,
                        describe(type),
                        actual.get(),
                        "The value is more precise than microseconds; it is never truncated.");
            }
            try {
                Math.addExact(
                        Math.multiplyExact(epochSecond, nanos ? 1_000_000_000L : 1_000_000L),
                        nanos ? nano : nano / 1000);
            } catch (ArithmeticException e) {
                return add(
                        pointer,
                        describe(type),
                        actual.get(),
                        nanos
                                ? "The value is outside the range of " + type + " (years 1677 to 2262)."
                                : "The value is outside the range Iceberg can store.");
            }
            return value;
        }

        private Object string(String text, String pointer, Supplier<String> actual) {
            // One pass for NUL and unpaired surrogates; nearly every character is below U+D800 and above NUL.
            for (int i = 0, n = text.length(); i < n; i++) {
                char c = text.charAt(i);
                if (c != 0 && c < Character.MIN_SURROGATE) {
                    continue;
                }
                if (c == 0) {
                    return add(pointer, "string", actual.get(), "Strings must not contain NUL (U+0000).");
                }
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return add(
                            pointer,
                            "string",
                            actual.get(),
                            "The string holds an unpaired surrogate (\\u" + Integer.toHexString(c)
                                    + "), which is not valid Unicode.");
                }
            }
            if (text.length() > limits.maxStringLength()
                    && text.codePointCount(0, text.length()) > limits.maxStringLength()) {
                return add(
                        pointer,
                        "string of at most " + limits.maxStringLength() + " characters",
                        "string of " + text.codePointCount(0, text.length()) + " characters",
                        "The string is longer than the limit of " + limits.maxStringLength() + " characters.");
            }
            return text;
        }
    }

    private static boolean nonFinite(JsonNode number) {
        return number.isFloatingPointNumber() && !number.isBigDecimal() && !Double.isFinite(number.doubleValue());
    }

    /** Whether {@code text} matches {@code [+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?}, without a regex per value. */
    static boolean numeral(String text) {
        int n = text.length();
        int i = 0;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        for (; i < n && isDigit(text.charAt(i)); i++) {
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            for (; i < n && isDigit(text.charAt(i)); i++) {
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            for (; i < n && isDigit(text.charAt(i)); i++) {
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean parses(String text, DateTimeFormatter format) {
        try {
            format.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** How a value of a type is written as text, for messages. */
    private static String textForm(Type type) {
        return switch (type.typeId()) {
            case STRING -> "text";
            case DATE -> "an ISO-8601 date such as 2024-05-31";
            case TIME -> "an ISO-8601 time such as 13:45:30.123456";
            case TIMESTAMP, TIMESTAMP_NANO ->
                adjustsToUtc(type)
                        ? "an ISO-8601 date-time with a UTC offset such as 2024-05-31T13:45:30.123456Z"
                        : "an ISO-8601 date-time without offset such as 2024-05-31T13:45:30.123456";
            case UUID -> "a UUID such as 0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69";
            case FIXED, BINARY -> "base64-encoded bytes";
            default -> type.toString();
        };
    }

    private static boolean adjustsToUtc(Type type) {
        return type instanceof Types.TimestampType t
                ? t.shouldAdjustToUTC()
                : type instanceof Types.TimestampNanoType n && n.shouldAdjustToUTC();
    }
}
