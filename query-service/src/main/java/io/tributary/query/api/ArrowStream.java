package io.tributary.query.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.query.core.ResultColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A whole result as an Apache Arrow IPC stream ({@code application/vnd.apache.arrow.stream}), written batch by batch
 * as rows arrive. It is built from the portable rows and the Iceberg column types, so every engine answers the same.
 * Nested values (lists, structs, maps) travel as JSON text; {@code uuid} as its text; {@code timestamptz} in UTC.
 */
final class ArrowStream {

    static final int BATCH_ROWS = 4096;
    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");
    /** One allocator for the service; each stream takes a child, closed (and checked for leaks) with it. */
    private static final BufferAllocator ROOT = new RootAllocator();

    private ArrowStream() {}

    /** The Arrow schema of the columns: one nullable field each, named as the column. */
    static Schema schema(List<ResultColumn> columns) {
        List<Field> fields = new ArrayList<>();
        for (ResultColumn column : columns) {
            fields.add(new Field(column.name(), FieldType.nullable(arrowType(column.type())), null));
        }
        return new Schema(fields);
    }

    static ArrowType arrowType(String icebergType) {
        String type = icebergType == null ? "" : icebergType.trim().toLowerCase(java.util.Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            return new ArrowType.Decimal(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)), 128);
        }
        return switch (type) {
            case "boolean" -> ArrowType.Bool.INSTANCE;
            case "int" -> new ArrowType.Int(32, true);
            case "long" -> new ArrowType.Int(64, true);
            case "float" -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case "double" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case "date" -> new ArrowType.Date(DateUnit.DAY);
            case "time" -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case "timestamp" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case "timestamp_ns" -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
            case "timestamptz" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            case "timestamptz_ns" -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC");
            case "binary" -> ArrowType.Binary.INSTANCE;
            default -> type.startsWith("fixed") ? ArrowType.Binary.INSTANCE : ArrowType.Utf8.INSTANCE;
        };
    }

    /**
     * Writes every row {@code rows} gives (null ends them) to {@code out}. A failure while rows are read leaves the
     * stream without its end marker; the caller then breaks the response off, as for CSV.
     */
    static void write(List<ResultColumn> columns, Supplier<Object[]> rows, OutputStream out, ObjectMapper json)
            throws IOException {
        Schema schema = schema(columns);
        BufferAllocator allocator = ROOT.newChildAllocator("statement", 0, Long.MAX_VALUE);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        // The writer is never closed: closing writes the end marker, which a failed stream must not get.
        try (allocator;
                root) {
            ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out));
            writer.start();
            List<FieldVector> vectors = root.getFieldVectors();
            root.allocateNew();
            int count = 0;
            boolean written = false;
            Object[] row;
            while ((row = rows.get()) != null) {
                for (int i = 0; i < vectors.size(); i++) {
                    set(vectors.get(i), count, row[i], json);
                }
                if (++count == BATCH_ROWS) {
                    root.setRowCount(count);
                    writer.writeBatch();
                    written = true;
                    root.allocateNew();
                    count = 0;
                }
            }
            if (count > 0 || !written) {
                root.setRowCount(count);
                writer.writeBatch();
            }
            writer.end();
        }
        out.flush();
    }

    private static void set(FieldVector vector, int index, Object value, ObjectMapper json) {
        if (value == null) {
            if (vector instanceof BaseFixedWidthVector fixed) {
                fixed.setNull(index);
            } else {
                ((BaseVariableWidthVector) vector).setNull(index);
            }
            return;
        }
        if (vector instanceof BitVector v) {
            v.setSafe(index, Boolean.TRUE.equals(value) ? 1 : 0);
        } else if (vector instanceof IntVector v) {
            v.setSafe(index, ((Number) value).intValue());
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(index, ((Number) value).longValue());
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(index, (float) number(value));
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(index, number(value));
        } else if (vector instanceof DecimalVector v) {
            v.setSafe(index, new BigDecimal(value.toString()).setScale(v.getScale(), RoundingMode.UNNECESSARY));
        } else if (vector instanceof DateDayVector v) {
            v.setSafe(index, (int) LocalDate.parse(value.toString()).toEpochDay());
        } else if (vector instanceof TimeMicroVector v) {
            v.setSafe(index, LocalTime.parse(value.toString()).toNanoOfDay() / 1000);
        } else if (vector instanceof TimeStampMicroTZVector v) {
            v.setSafe(index, micros(instant(value.toString())));
        } else if (vector instanceof TimeStampNanoTZVector v) {
            v.setSafe(index, nanos(instant(value.toString())));
        } else if (vector instanceof TimeStampMicroVector v) {
            v.setSafe(index, micros(local(value.toString())));
        } else if (vector instanceof TimeStampNanoVector v) {
            v.setSafe(index, nanos(local(value.toString())));
        } else if (vector instanceof VarBinaryVector v) {
            v.setSafe(
                    index,
                    value instanceof byte[] bytes ? bytes : Base64.getDecoder().decode(value.toString()));
        } else if (vector instanceof VarCharVector v) {
            v.setSafe(index, text(value, json).getBytes(StandardCharsets.UTF_8));
        } else {
            throw new IllegalStateException(
                    "no Arrow writer for " + vector.getClass().getSimpleName());
        }
    }

    /** Portable doubles that are not finite arrive as their text (NaN, Infinity). */
    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
    }

    private static String text(Object value, ObjectMapper json) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }

    private static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    private static Instant local(String text) {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
