package io.tributary.query.engine.duckdb;

import java.util.Locale;

/** DuckDB's type names in Iceberg's terms, so a result's column types read the same whichever engine ran. */
public final class DuckDbTypes {

    private DuckDbTypes() {}

    public static String icebergName(String duckType) {
        String type = duckType.toUpperCase(Locale.ROOT).trim();
        if (type.endsWith("[]")) {
            return "list<" + icebergName(type.substring(0, type.length() - 2)) + ">";
        }
        if (type.startsWith("DECIMAL")) {
            return type.toLowerCase(Locale.ROOT).replace(" ", "");
        }
        if (type.startsWith("STRUCT")) {
            return "struct";
        }
        if (type.startsWith("MAP")) {
            return "map";
        }
        return switch (type) {
            case "BOOLEAN" -> "boolean";
            case "TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT" -> "int";
            case "BIGINT", "UINTEGER" -> "long";
            case "HUGEINT", "UBIGINT", "UHUGEINT" -> "decimal(38,0)";
            case "FLOAT" -> "float";
            case "DOUBLE" -> "double";
            case "VARCHAR" -> "string";
            case "BLOB" -> "binary";
            case "DATE" -> "date";
            case "TIME" -> "time";
            case "TIMESTAMP" -> "timestamp";
            case "TIMESTAMP WITH TIME ZONE" -> "timestamptz";
            case "TIMESTAMP_NS" -> "timestamp_ns";
            case "UUID" -> "uuid";
            default -> type.toLowerCase(Locale.ROOT);
        };
    }
}
