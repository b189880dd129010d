package io.tributary.governance.core.expr;

import java.util.Locale;

/**
 * A column's type as each engine spells it, for typed NULLs and casts in masks.
 *
 * @param duckdb the DuckDB type name
 * @param trino  the Trino type name
 * @param kind   what masks can do with it
 */
public record SqlType(String duckdb, String trino, Kind kind) {

    public enum Kind {
        STRING,
        DATE,
        TIMESTAMP,
        NUMBER,
        OTHER
    }

    public static final SqlType VARCHAR = new SqlType("VARCHAR", "varchar", Kind.STRING);

    /** From an Iceberg primitive type name ({@code string}, {@code long}, {@code decimal(10, 2)}, {@code timestamptz}...). */
    public static SqlType fromIceberg(String iceberg) {
        String t = iceberg == null ? "" : iceberg.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("decimal")) {
            String args = t.substring("decimal".length()).replace(" ", "");
            return new SqlType("DECIMAL" + args, "decimal" + args, Kind.NUMBER);
        }
        if (t.startsWith("fixed")) {
            return new SqlType("BLOB", "varbinary", Kind.OTHER);
        }
        return switch (t) {
            case "string", "uuid" -> t.equals("uuid") ? new SqlType("UUID", "uuid", Kind.OTHER) : VARCHAR;
            case "int", "integer" -> new SqlType("INTEGER", "integer", Kind.NUMBER);
            case "long" -> new SqlType("BIGINT", "bigint", Kind.NUMBER);
            case "float" -> new SqlType("FLOAT", "real", Kind.NUMBER);
            case "double" -> new SqlType("DOUBLE", "double", Kind.NUMBER);
            case "boolean" -> new SqlType("BOOLEAN", "boolean", Kind.OTHER);
            case "date" -> new SqlType("DATE", "date", Kind.DATE);
            case "time" -> new SqlType("TIME", "time(6)", Kind.OTHER);
            case "timestamp" -> new SqlType("TIMESTAMP", "timestamp(6)", Kind.TIMESTAMP);
            case "timestamptz" -> new SqlType("TIMESTAMPTZ", "timestamp(6) with time zone", Kind.TIMESTAMP);
            case "timestamp_ns" -> new SqlType("TIMESTAMP_NS", "timestamp(9)", Kind.TIMESTAMP);
            case "timestamptz_ns" -> new SqlType("TIMESTAMPTZ", "timestamp(9) with time zone", Kind.TIMESTAMP);
            case "binary" -> new SqlType("BLOB", "varbinary", Kind.OTHER);
            default -> new SqlType(null, null, Kind.OTHER);
        };
    }

    /** From a Trino type as its OPA plugin reports it ({@code varchar}, {@code varchar(20)}, {@code bigint}...). */
    public static SqlType fromTrino(String trino) {
        String t = trino == null ? "" : trino.trim().toLowerCase(Locale.ROOT);
        Kind kind;
        if (t.startsWith("varchar") || t.startsWith("char")) {
            kind = Kind.STRING;
        } else if (t.equals("date")) {
            kind = Kind.DATE;
        } else if (t.startsWith("timestamp")) {
            kind = Kind.TIMESTAMP;
        } else if (t.matches("tinyint|smallint|integer|bigint|real|double|decimal.*")) {
            kind = Kind.NUMBER;
        } else {
            kind = Kind.OTHER;
        }
        return new SqlType(null, t.isEmpty() ? null : t, kind);
    }

    public boolean isString() {
        return kind == Kind.STRING;
    }

    public boolean isTemporal() {
        return kind == Kind.DATE || kind == Kind.TIMESTAMP;
    }
}
