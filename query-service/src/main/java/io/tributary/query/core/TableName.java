package io.tributary.query.core;

import java.util.Locale;
import java.util.Objects;

/**
 * A lake table as a statement names it: {@code namespace.table}. Names are compared in lower case, as both engines
 * fold unquoted identifiers.
 */
public record TableName(String namespace, String table) implements Comparable<TableName> {

    public TableName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(table, "table");
        namespace = namespace.toLowerCase(Locale.ROOT);
        table = table.toLowerCase(Locale.ROOT);
    }

    /** {@code ns.table}; null when the text is not two dot-separated parts. */
    public static TableName parse(String text) {
        if (text == null) {
            return null;
        }
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
            return null;
        }
        return new TableName(text.substring(0, dot), text.substring(dot + 1));
    }

    @Override
    public int compareTo(TableName other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return namespace + "." + table;
    }
}
