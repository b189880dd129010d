package io.tributary.query.iceberg;

import java.util.stream.Collectors;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Iceberg types as DuckDB types; null for a type DuckDB cannot read exactly. */
public final class IcebergTypes {

    private IcebergTypes() {}

    public static String duckdb(Type type) {
        return switch (type.typeId()) {
            case BOOLEAN -> "BOOLEAN";
            case INTEGER -> "INTEGER";
            case LONG -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> {
                Types.DecimalType decimal = (Types.DecimalType) type;
                yield "DECIMAL(" + decimal.precision() + "," + decimal.scale() + ")";
            }
            case DATE -> "DATE";
            case TIME -> "TIME";
            case TIMESTAMP ->
                ((Types.TimestampType) type).shouldAdjustToUTC() ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
            case STRING -> "VARCHAR";
            case UUID -> "UUID";
            case FIXED, BINARY -> "BLOB";
            case STRUCT -> {
                StringBuilder fields = new StringBuilder("STRUCT(");
                boolean first = true;
                for (Types.NestedField field : type.asStructType().fields()) {
                    String inner = duckdb(field.type());
                    if (inner == null) {
                        yield null;
                    }
                    fields.append(first ? "" : ", ")
                            .append('"')
                            .append(field.name().replace("\"", "\"\""))
                            .append("\" ")
                            .append(inner);
                    first = false;
                }
                yield fields.append(')').toString();
            }
            case LIST -> {
                String element = duckdb(type.asListType().elementType());
                yield element == null ? null : element + "[]";
            }
            case MAP -> {
                String key = duckdb(type.asMapType().keyType());
                String value = duckdb(type.asMapType().valueType());
                yield key == null || value == null ? null : "MAP(" + key + ", " + value + ")";
            }
            default -> null;
        };
    }

    /** For messages: the Iceberg type names of a list of types. */
    static String names(java.util.List<Type> types) {
        return types.stream().map(Type::toString).collect(Collectors.joining(", "));
    }
}
