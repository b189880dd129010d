package io.tributary.governance.core;

/**
 * What a grant is on: everything ({@code *}), a namespace ({@code ns}) or a table ({@code ns.table}).
 *
 * @param namespace null for everything
 * @param table     null for a namespace or everything
 */
public record Securable(String namespace, String table) {

    public static final Securable ALL = new Securable(null, null);

    public static Securable parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a securable is required: *, a namespace or namespace.table");
        }
        if (text.equals("*")) {
            return ALL;
        }
        if (text.indexOf('.') < 0) {
            return new Securable(Names.check(text), null);
        }
        TableRef ref = TableRef.parse(text);
        return new Securable(ref.namespace(), ref.name());
    }

    public boolean isAll() {
        return namespace == null;
    }

    public boolean isTable() {
        return table != null;
    }

    public boolean covers(TableRef ref) {
        return namespace == null || namespace.equals(ref.namespace()) && (table == null || table.equals(ref.name()));
    }

    /** Whether the grant reaches anything inside the namespace. */
    public boolean touches(String ns) {
        return namespace == null || namespace.equals(ns);
    }

    @Override
    public String toString() {
        return namespace == null ? "*" : table == null ? namespace : namespace + "." + table;
    }
}
