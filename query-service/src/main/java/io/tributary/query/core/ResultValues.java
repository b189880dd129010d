package io.tributary.query.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Values in the form every answer format carries them, so that they survive a round trip whichever engine ran:
 * decimals as strings with their scale, timestamps as ISO-8601 (with zone for {@code timestamptz}), binary as base64,
 * nested values as lists and maps, and everything else as JSON's own types.
 */
public final class ResultValues {

    private ResultValues() {}

    public static Object portable(Object value) {
        try {
            return convert(value);
        } catch (SQLException e) {
            throw new QueryException(QueryException.Reason.EXECUTION, "A value cannot be read: " + e.getMessage(), e);
        }
    }

    private static Object convert(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? (Object) number : Double.toString(number);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof BigInteger integer) {
            return integer.toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (value instanceof ZonedDateTime time) {
            return time.toOffsetDateTime()
                    .withOffsetSameInstant(ZoneOffset.UTC)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        if (value instanceof LocalDateTime time) {
            return time.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof LocalDate
                || value instanceof LocalTime
                || value instanceof OffsetTime
                || value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof java.sql.Time time) {
            return time.toLocalTime().toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Blob blob) {
            return Base64.getEncoder().encodeToString(blob.getBytes(1, (int) blob.length()));
        }
        if (value instanceof Struct struct) {
            // DuckDB's struct keeps its field names in getMap(); plain JDBC structs only have positions.
            Object map = invokeGetMap(struct);
            if (map instanceof Map<?, ?> fields) {
                return convertMap(fields);
            }
            List<Object> attributes = new ArrayList<>();
            for (Object attribute : struct.getAttributes()) {
                attributes.add(convert(attribute));
            }
            return attributes;
        }
        if (value instanceof Array array) {
            Object elements = array.getArray();
            List<Object> list = new ArrayList<>();
            if (elements instanceof Object[] objects) {
                for (Object element : objects) {
                    list.add(convert(element));
                }
            }
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            return convertMap(map);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>();
            for (Object element : collection) {
                list.add(convert(element));
            }
            return list;
        }
        return value.toString();
    }

    private static Object invokeGetMap(Struct struct) {
        try {
            return struct.getClass().getMethod("getMap").invoke(struct);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Map<String, Object> convertMap(Map<?, ?> map) throws SQLException {
        Map<String, Object> converted = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = convert(entry.getKey());
            converted.put(String.valueOf(key), convert(entry.getValue()));
        }
        return converted;
    }

    /** A rough size of a portable value, for the result-size limit. */
    public static long estimateBytes(Object value) {
        if (value == null) {
            return 1;
        }
        if (value instanceof String text) {
            return text.length() + 2L;
        }
        if (value instanceof List<?> list) {
            long size = 2;
            for (Object element : list) {
                size += estimateBytes(element) + 1;
            }
            return size;
        }
        if (value instanceof Map<?, ?> map) {
            long size = 2;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += estimateBytes(entry.getKey()) + estimateBytes(entry.getValue()) + 2;
            }
            return size;
        }
        return 8;
    }
}
