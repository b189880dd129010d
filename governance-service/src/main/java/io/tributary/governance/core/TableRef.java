package io.tributary.governance.core;

/** A table by its one-level namespace and name, written {@code ns.table}. */
public record TableRef(String namespace, String name) {

    public static TableRef parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a table is required, written namespace.table");
        }
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("'" + text + "' must be namespace.table");
        }
        return new TableRef(Names.check(text.substring(0, dot)), Names.check(text.substring(dot + 1)));
    }

    @Override
    public String toString() {
        return namespace + "." + name;
    }
}
