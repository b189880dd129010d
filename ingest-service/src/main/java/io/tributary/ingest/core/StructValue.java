package io.tributary.ingest.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Types;

/**
 * A validated struct holding Iceberg's generic values by field position: Boolean, Integer, Long, Float, Double,
 * BigDecimal (with the column's scale), LocalDate, LocalTime, LocalDateTime, OffsetDateTime (UTC), String, UUID,
 * byte[] (fixed), ByteBuffer (binary), List, Map and nested StructValues.
 */
public final class StructValue implements StructLike {

    private final Types.StructType type;
    private final Object[] values;

    StructValue(Types.StructType type, Object[] values) {
        this.type = type;
        this.values = values;
    }

    public Types.StructType type() {
        return type;
    }

    @Override
    public int size() {
        return values.length;
    }

    public Object get(int pos) {
        return values[pos];
    }

    /** Unchecked: the values are generic, not Iceberg's internal representation, so {@code javaClass} is not used. */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(int pos, Class<T> javaClass) {
        return (T) values[pos];
    }

    @Override
    public <T> void set(int pos, T value) {
        values[pos] = value;
    }

    /** The value of a top-level field by name. */
    public Object get(String name) {
        Types.NestedField field = type.field(name);
        if (field == null) {
            throw new IllegalArgumentException("no field '" + name + "' in " + type);
        }
        return values[type.fields().indexOf(field)];
    }

    /** Field name to value, in schema order; nested structs stay StructValues. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(type.fields().get(i).name(), values[i]);
        }
        return map;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StructValue that && type.equals(that.type) && Arrays.deepEquals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
