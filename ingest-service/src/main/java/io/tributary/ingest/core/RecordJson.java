package io.tributary.ingest.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The one JSON form a validated record takes on Kafka. It is the form producers send, normalised so that a
 * consumer needs no guesswork and {@link RecordValidator} accepts it back unchanged: every field present (null
 * when absent), decimals as strings with the column's scale, timestamptz in UTC, bytes in base64, NaN and the
 * infinities as strings.
 */
public final class RecordJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private RecordJson() {}

    public static byte[] write(StructValue record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            struct(generator, record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A generator writing exactly as {@link #write} does. */
    static JsonGenerator generator(OutputStream out) {
        try {
            return FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text form of a primitive value: a CSV cell, a map key, a Kafka key. */
    public static String text(Type.PrimitiveType type, Object value) {
        return switch (type.typeId()) {
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case DATE -> Timestamps.format((LocalDate) value);
            case TIME -> DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) value);
            case TIMESTAMP, TIMESTAMP_NANO ->
                value instanceof OffsetDateTime instant
                        ? Timestamps.format(instant)
                        : Timestamps.format((LocalDateTime) value);
            case FIXED -> Base64.getEncoder().encodeToString((byte[]) value);
            case BINARY -> {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                yield Base64.getEncoder().encodeToString(bytes);
            }
            default -> value.toString();
        };
    }

    private static void struct(JsonGenerator out, StructValue record) throws IOException {
        out.writeStartObject();
        List<Types.NestedField> fields = record.type().fields();
        for (int i = 0; i < fields.size(); i++) {
            out.writeFieldName(fields.get(i).name());
            value(out, fields.get(i).type(), record.get(i));
        }
        out.writeEndObject();
    }

    /** One generic value of a validated record, as {@link #write} writes it. */
    static void value(JsonGenerator out, Type type, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
            return;
        }
        switch (type.typeId()) {
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case INTEGER -> out.writeNumber((Integer) value);
            case LONG -> out.writeNumber((Long) value);
            case FLOAT -> {
                float f = (Float) value;
                if (Float.isFinite(f)) {
                    out.writeNumber(f);
                } else {
                    out.writeString(Float.toString(f));
                }
            }
            case DOUBLE -> {
                double d = (Double) value;
                if (Double.isFinite(d)) {
                    out.writeNumber(d);
                } else {
                    out.writeString(Double.toString(d));
                }
            }
            case STRUCT -> struct(out, (StructValue) value);
            case LIST -> {
                out.writeStartArray();
                for (Object element : (List<?>) value) {
                    value(out, type.asListType().elementType(), element);
                }
                out.writeEndArray();
            }
            case MAP -> {
                Types.MapType map = type.asMapType();
                out.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.writeFieldName(text(map.keyType().asPrimitiveType(), entry.getKey()));
                    value(out, map.valueType(), entry.getValue());
                }
                out.writeEndObject();
            }
            default -> out.writeString(text(type.asPrimitiveType(), value));
        }
    }
}
