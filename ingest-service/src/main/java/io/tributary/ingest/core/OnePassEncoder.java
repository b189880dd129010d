package io.tributary.ingest.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.ingest.core.body.RecordEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * {@link RecordEncoder} for one contract: {@link RecordValidator}'s checks applied to each value as the parser meets
 * it, and each value written at once by {@link RecordJson}'s own writer, so the Kafka value is the same byte for byte.
 * Top-level fields may come in any order: each is written to a scratch buffer and the record is assembled in schema
 * order. Nested structs must come in schema order; any other record takes the full check. One per request.
 */
final class OnePassEncoder implements RecordEncoder {

    /** Thrown to leave a record that needs the full check; never escapes this class. */
    private static final class Bail extends RuntimeException {
        Bail() {
            super(null, null, false, false);
        }
    }

    private static final Bail BAIL = new Bail();
    private static final int ABSENT = -2;
    private static final int NULL = -1;
    private static final byte[] NULL_BYTES = "null".getBytes(StandardCharsets.US_ASCII);

    private final Plan plan;
    private final RecordValidator.Check check;
    private final JsonFactory cells;
    private final int maxDepth;
    private final int maxStringLength;
    private final int maxRecordBytes;
    private final Scratch scratch = new Scratch();
    private final int[] starts;
    private final int[] ends;
    private JsonGenerator out;
    private Object key;
    private List<String> header;
    private int[] columns;

    /**
     * @param cells the factory of the mapper that reads JSON cells of CSV bodies ({@link IngestJson#mapper(int)})
     */
    OnePassEncoder(Plan plan, RecordValidator validator, JsonFactory cells, int maxRecordBytes) {
        this.plan = plan;
        this.check = validator.check();
        this.cells = cells;
        this.maxDepth = validator.limits().maxDepth();
        this.maxStringLength = validator.limits().maxStringLength();
        this.maxRecordBytes = maxRecordBytes;
        this.starts = new int[plan.top.size];
        this.ends = new int[plan.top.size];
        this.out = generator();
    }

    @Override
    public Encoded json(JsonParser parser) throws IOException {
        int depth = parser.getParsingContext().getNestingDepth();
        begin();
        try {
            topLevel(parser);
            return assembled();
        } catch (Bail bail) {
            abandon();
            drain(parser, depth);
            return null;
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    @Override
    public Encoded text(List<String> header, List<String> values) {
        StructPlan top = plan.top;
        if (header != this.header) {
            this.header = header;
            this.columns = new int[top.size];
            Arrays.fill(columns, -1);
            for (int i = 0; i < header.size(); i++) {
                Integer position = top.positions.get(header.get(i));
                if (position != null) {
                    columns[position] = i;
                }
            }
        }
        begin();
        try {
            out.writeStartObject();
            for (int i = 0; i < top.size; i++) {
                int keyLevel = childKey(0, i);
                if (columns[i] < 0) {
                    missing(top, i, keyLevel);
                    continue;
                }
                String cell = values.get(columns[i]);
                out.writeFieldName(top.names[i]);
                if (cell == null) {
                    if (top.required[i]) {
                        throw BAIL;
                    }
                    out.writeNull();
                } else {
                    cell(cell, top.types[i], keyLevel);
                }
            }
            out.writeEndObject();
            out.flush();
            return scratch.size > maxRecordBytes ? null : encoded(Arrays.copyOf(scratch.bytes, scratch.size));
        } catch (Bail | IOException e) {
            abandon();
            return null;
        }
    }

    private void begin() {
        scratch.size = 0;
        key = null;
        Arrays.fill(starts, ABSENT);
        check.reset();
    }

    /** Drops a half-written record: a new generator, as the old one may be inside an object. */
    private void abandon() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out = generator();
        scratch.size = 0;
    }

    private JsonGenerator generator() {
        JsonGenerator generator = RecordJson.generator(scratch);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
        // Top-level values are written one after the other as root values and cut apart by position.
        generator.setRootValueSeparator(null);
        return generator;
    }

    private int position() {
        return scratch.size + out.getOutputBuffered();
    }

    private Encoded encoded(byte[] value) {
        byte[] keyText = key == null ? null : RecordJson.text(plan.keyType, key).getBytes(StandardCharsets.UTF_8);
        return new Encoded(value, keyText);
    }

    /** The key path index of field {@code position} of a struct at key path index {@code keyLevel}; -1 off the path. */
    private int childKey(int keyLevel, int position) {
        return keyLevel >= 0 && keyLevel < plan.keyPath.length && plan.keyPath[keyLevel] == position
                ? keyLevel + 1
                : -1;
    }

    private boolean isKey(int keyLevel) {
        return keyLevel == plan.keyPath.length;
    }

    private void topLevel(JsonParser p) throws IOException {
        StructPlan top = plan.top;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Integer position = top.positions.get(p.currentName());
            if (position == null || starts[position] != ABSENT) {
                throw BAIL;
            }
            int i = position;
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                if (top.required[i]) {
                    throw BAIL;
                }
                starts[i] = NULL;
                continue;
            }
            int start = position();
            value(p, t, top.types[i], 1, childKey(0, i));
            starts[i] = start;
            ends[i] = position();
        }
        for (int i = 0; i < top.size; i++) {
            if (starts[i] != ABSENT) {
                continue;
            }
            Object fallback = top.defaults[i];
            if (fallback == null) {
                if (top.required[i]) {
                    throw BAIL;
                }
                starts[i] = NULL;
                continue;
            }
            starts[i] = position();
            RecordJson.value(out, top.types[i], fallback);
            ends[i] = position();
            if (isKey(childKey(0, i))) {
                key = fallback;
            }
        }
    }

    /** The top-level values in schema order, as {@code RecordJson.write} lays them out; null when too large. */
    private Encoded assembled() throws IOException {
        out.flush();
        StructPlan top = plan.top;
        int length = 2 + Math.max(0, top.size - 1);
        for (int i = 0; i < top.size; i++) {
            length += top.prefixes[i].length + (starts[i] == NULL ? NULL_BYTES.length : ends[i] - starts[i]);
        }
        if (length > maxRecordBytes) {
            return null;
        }
        byte[] value = new byte[length];
        int at = 0;
        value[at++] = '{';
        for (int i = 0; i < top.size; i++) {
            if (i > 0) {
                value[at++] = ',';
            }
            byte[] prefix = top.prefixes[i];
            System.arraycopy(prefix, 0, value, at, prefix.length);
            at += prefix.length;
            if (starts[i] == NULL) {
                System.arraycopy(NULL_BYTES, 0, value, at, NULL_BYTES.length);
                at += NULL_BYTES.length;
            } else {
                System.arraycopy(scratch.bytes, starts[i], value, at, ends[i] - starts[i]);
                at += ends[i] - starts[i];
            }
        }
        value[at] = '}';
        return encoded(value);
    }

    private void value(JsonParser p, JsonToken t, Type type, int depth, int keyLevel) throws IOException {
        switch (type.typeId()) {
            case STRUCT -> {
                if (t != JsonToken.START_OBJECT) {
                    throw BAIL;
                }
                struct(p, plan.structs.get(type.asStructType()), depth + 1, keyLevel);
            }
            case LIST -> {
                if (t != JsonToken.START_ARRAY) {
                    throw BAIL;
                }
                list(p, type.asListType(), depth + 1);
            }
            case MAP -> {
                if (t != JsonToken.START_OBJECT) {
                    throw BAIL;
                }
                map(p, type.asMapType(), depth + 1);
            }
            case VARIANT, GEOMETRY, GEOGRAPHY, UNKNOWN -> throw BAIL;
            case STRING -> {
                if (t != JsonToken.VALUE_STRING) {
                    throw BAIL;
                }
                if (isKey(keyLevel)) {
                    String value = (String) passed(check.fromText(p.getText(), type.asPrimitiveType(), "", null));
                    RecordJson.value(out, type, value);
                    key = value;
                } else {
                    // Checked and written from the parser's characters: no String per value.
                    char[] text = p.getTextCharacters();
                    int offset = p.getTextOffset();
                    int length = p.getTextLength();
                    if (!plainString(text, offset, length)) {
                        throw BAIL;
                    }
                    out.writeString(text, offset, length);
                }
            }
            default -> {
                Object value = primitive(p, t, type.asPrimitiveType());
                RecordJson.value(out, type, value);
                if (isKey(keyLevel)) {
                    key = value;
                }
            }
        }
    }

    /** Whether a string passes {@link RecordValidator}'s check: no NUL, no unpaired surrogate, not too long. */
    private boolean plainString(char[] text, int offset, int length) {
        int codePoints = 0;
        for (int i = offset, end = offset + length; i < end; i++, codePoints++) {
            char c = text[i];
            if (c != 0 && c < Character.MIN_SURROGATE) {
                continue;
            }
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return codePoints <= maxStringLength;
    }

    private void struct(JsonParser p, StructPlan struct, int depth, int keyLevel) throws IOException {
        if (depth > maxDepth) {
            throw BAIL;
        }
        out.writeStartObject();
        int next = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Integer position = struct.positions.get(p.currentName());
            if (position == null || position < next) {
                throw BAIL;
            }
            for (; next < position; next++) {
                missing(struct, next, childKey(keyLevel, next));
            }
            JsonToken t = p.nextToken();
            out.writeFieldName(struct.names[next]);
            if (t == JsonToken.VALUE_NULL) {
                if (struct.required[next]) {
                    throw BAIL;
                }
                out.writeNull();
            } else {
                value(p, t, struct.types[next], depth, childKey(keyLevel, next));
            }
            next++;
        }
        for (; next < struct.size; next++) {
            missing(struct, next, childKey(keyLevel, next));
        }
        out.writeEndObject();
    }

    /** A field the record leaves out: its write-default, or null when it may be null. */
    private void missing(StructPlan struct, int i, int keyLevel) throws IOException {
        Object fallback = struct.defaults[i];
        if (fallback == null && struct.required[i]) {
            throw BAIL;
        }
        out.writeFieldName(struct.names[i]);
        if (fallback == null) {
            out.writeNull();
        } else {
            RecordJson.value(out, struct.types[i], fallback);
            if (isKey(keyLevel)) {
                key = fallback;
            }
        }
    }

    private void list(JsonParser p, Types.ListType type, int depth) throws IOException {
        if (depth > maxDepth) {
            throw BAIL;
        }
        out.writeStartArray();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_NULL) {
                if (type.isElementRequired()) {
                    throw BAIL;
                }
                out.writeNull();
            } else {
                value(p, t, type.elementType(), depth, -1);
            }
        }
        out.writeEndArray();
    }

    private void map(JsonParser p, Types.MapType type, int depth) throws IOException {
        if (depth > maxDepth || !type.keyType().isPrimitiveType()) {
            throw BAIL;
        }
        Type.PrimitiveType keyType = type.keyType().asPrimitiveType();
        Set<Object> keys = new HashSet<>();
        out.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Object mapKey = passed(check.fromText(p.currentName(), keyType, "", null));
            if (!keys.add(mapKey)) {
                throw BAIL;
            }
            out.writeFieldName(RecordJson.text(keyType, mapKey));
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                if (type.isValueRequired()) {
                    throw BAIL;
                }
                out.writeNull();
            } else {
                value(p, t, type.valueType(), depth, -1);
            }
        }
        out.writeEndObject();
    }

    /** A JSON value as {@link RecordValidator} checks it: the same checks on the same Java values. */
    private Object primitive(JsonParser p, JsonToken t, Type.PrimitiveType type) throws IOException {
        switch (type.typeId()) {
            case BOOLEAN:
                if (t == JsonToken.VALUE_TRUE) {
                    return Boolean.TRUE;
                } else if (t == JsonToken.VALUE_FALSE) {
                    return Boolean.FALSE;
                }
                throw BAIL;
            case INTEGER, LONG:
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    JsonParser.NumberType kind = p.getNumberType();
                    if (kind == JsonParser.NumberType.INT || kind == JsonParser.NumberType.LONG) {
                        long whole = kind == JsonParser.NumberType.INT ? p.getIntValue() : p.getLongValue();
                        if (type.typeId() == Type.TypeID.LONG) {
                            return whole;
                        } else if (whole == (int) whole) {
                            return (int) whole;
                        }
                        throw BAIL;
                    }
                    return passed(check.number(new BigDecimal(p.getBigIntegerValue()), type, "", null));
                } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return passed(check.number(p.getDecimalValue(), type, "", null));
                }
                throw BAIL;
            case FLOAT, DOUBLE:
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return passed(check.number(decimal(p, t), type, "", null));
                } else if (t == JsonToken.VALUE_STRING && RecordValidator.NON_FINITE.contains(p.getText())) {
                    return passed(check.fromText(p.getText(), type, "", null));
                }
                throw BAIL;
            case DECIMAL:
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return passed(check.number(decimal(p, t), type, "", null));
                } else if (t == JsonToken.VALUE_STRING) {
                    return passed(check.fromText(p.getText(), type, "", null));
                }
                throw BAIL;
            default:
                if (t == JsonToken.VALUE_STRING) {
                    return passed(check.fromText(p.getText(), type, "", null));
                }
                throw BAIL;
        }
    }

    /** The number as a JSON tree holds it (IntNode, LongNode, BigIntegerNode or DecimalNode), as a BigDecimal. */
    private static BigDecimal decimal(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue();
        }
        return switch (p.getNumberType()) {
            case INT -> BigDecimal.valueOf(p.getIntValue());
            case LONG -> BigDecimal.valueOf(p.getLongValue());
            default -> new BigDecimal(p.getBigIntegerValue());
        };
    }

    /** A CSV cell: text for a primitive, JSON text for a struct, list or map. */
    private void cell(String text, Type type, int keyLevel) throws IOException {
        switch (type.typeId()) {
            case STRUCT, LIST, MAP -> {
                try (JsonParser p = cells.createParser(text)) {
                    JsonToken t = p.nextToken();
                    if (t != (type.isListType() ? JsonToken.START_ARRAY : JsonToken.START_OBJECT)) {
                        throw BAIL;
                    }
                    value(p, t, type, 1, keyLevel);
                    if (p.nextToken() != null) {
                        throw BAIL;
                    }
                } catch (IOException e) {
                    throw BAIL; // the full check words what is wrong with the JSON text
                }
            }
            case VARIANT, GEOMETRY, GEOGRAPHY, UNKNOWN -> throw BAIL;
            default -> {
                Object value = passed(check.fromText(text, type.asPrimitiveType(), "", null));
                RecordJson.value(out, type, value);
                if (isKey(keyLevel)) {
                    key = value;
                }
            }
        }
    }

    private static Object passed(Object value) {
        if (value == RecordValidator.INVALID) {
            throw BAIL;
        }
        return value;
    }

    /**
     * Reads the rest of a record that will take the full check, reading each scalar as a tree reader does, so that
     * a broken body fails where and how it failed before.
     */
    private static void drain(JsonParser p, int depth) throws IOException {
        JsonToken t = p.currentToken();
        while (t != null) {
            switch (t) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
                case VALUE_NUMBER_INT -> {
                    switch (p.getNumberType()) {
                        case INT -> p.getIntValue();
                        case LONG -> p.getLongValue();
                        default -> p.getBigIntegerValue();
                    }
                }
                case END_OBJECT -> {
                    if (p.getParsingContext().getNestingDepth() == depth - 1) {
                        return;
                    }
                }
                default -> {}
            }
            t = p.nextToken();
        }
    }

    /** A growable byte buffer that the generator writes into and the encoder reads positions of. */
    private static final class Scratch extends OutputStream {
        byte[] bytes = new byte[4096];
        int size;

        @Override
        public void write(int b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (size + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + len));
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }
    }

    /** What the encoder needs to know of a contract, worked out once and shared by every request. */
    static final class Plan {
        final StructPlan top;
        final Map<Types.StructType, StructPlan> structs = new IdentityHashMap<>();
        final int[] keyPath;
        final Type.PrimitiveType keyType;

        Plan(IngestContract contract) {
            this.top = new StructPlan(contract.schema().asStruct());
            collect(contract.schema().asStruct());
            int[] path = contract.keyPath();
            this.keyPath = path == null ? new int[0] : path;
            this.keyType = contract.keyType();
        }

        private void collect(Type type) {
            if (type.isStructType()) {
                structs.computeIfAbsent(type.asStructType(), StructPlan::new);
            }
            if (type.isNestedType()) {
                for (Types.NestedField field : type.asNestedType().fields()) {
                    collect(field.type());
                }
            }
        }
    }

    static final class StructPlan {
        final int size;
        final Type[] types;
        final boolean[] required;
        final Object[] defaults;
        final Map<String, Integer> positions = new HashMap<>();
        /** Written with the generator's own escaping, as {@code RecordJson} writes them. */
        final String[] names;
        /** {@code "name":} as the generator writes it, for assembling a top-level record. */
        final byte[][] prefixes;

        StructPlan(Types.StructType type) {
            List<Types.NestedField> fields = type.fields();
            size = fields.size();
            types = new Type[size];
            required = new boolean[size];
            defaults = new Object[size];
            names = new String[size];
            prefixes = new byte[size][];
            for (int i = 0; i < size; i++) {
                Types.NestedField field = fields.get(i);
                types[i] = field.type();
                required[i] = field.isRequired();
                defaults[i] =
                        field.writeDefault() == null ? null : WriteDefaults.generic(field.type(), field.writeDefault());
                positions.put(field.name(), i);
                names[i] = field.name();
                prefixes[i] = prefix(field.name());
            }
        }

        private static byte[] prefix(String name) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JsonGenerator generator = RecordJson.generator(bytes)) {
                generator.writeStartObject();
                generator.writeFieldName(name);
                generator.writeNull();
                generator.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] object = bytes.toByteArray(); // {"name":null}
            return Arrays.copyOfRange(object, 1, object.length - NULL_BYTES.length - 1);
        }
    }
}
