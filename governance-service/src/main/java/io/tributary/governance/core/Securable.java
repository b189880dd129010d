package io.tributary.governance.core;

import java.util.regex.Pattern;

/**
 * What a grant is on: everything ({@code *}), a namespace ({@code ns}) or a table ({@code ns.table}) of the lake, or
 * a federated Trino catalog ({@code catalog:name}), one of its schemas ({@code catalog:name.schema}) or tables
 * ({@code catalog:name.schema.table}).
 *
 * @param catalog   the federated Trino catalog; null for the lake and for everything
 * @param namespace null for everything (or a whole federated catalog); the schema in a federated catalog
 * @param table     null for a namespace, a schema or everything
 */
public record Securable(String catalog, String namespace, String table) {

    public static final Securable ALL = new Securable(null, null, null);
    public static final String CATALOG_PREFIX = "catalog:";
    /** Trino's catalog names: lower case, since Trino folds unquoted names. */
    private static final Pattern CATALOG = Pattern.compile("[a-z0-9_][a-z0-9_-]{0,63}");

    /** A securable of the lake. */
    public Securable(String namespace, String table) {
        this(null, namespace, table);
    }

    public static Securable parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(
                    "a securable is required: *, a namespace, namespace.table or catalog:name[.schema[.table]]");
        }
        if (text.equals("*")) {
            return ALL;
        }
        if (text.startsWith(CATALOG_PREFIX)) {
            return federated(text.substring(CATALOG_PREFIX.length()));
        }
        if (text.indexOf('.') < 0) {
            return new Securable(Names.check(text), null);
        }
        TableRef ref = TableRef.parse(text);
        return new Securable(ref.namespace(), ref.name());
    }

    private static Securable federated(String path) {
        String[] parts = path.split("\\.", -1);
        if (parts.length > 3 || !CATALOG.matcher(parts[0]).matches()) {
            throw new IllegalArgumentException("a federated securable is catalog:name[.schema[.table]], with a"
                    + " lower-case catalog name ([a-z0-9_-], at most 64 characters)");
        }
        return new Securable(
                parts[0],
                parts.length > 1 ? Names.check(parts[1]) : null,
                parts.length > 2 ? Names.check(parts[2]) : null);
    }

    public boolean isAll() {
        return catalog == null && namespace == null;
    }

    public boolean isFederated() {
        return catalog != null;
    }

    public boolean isTable() {
        return table != null;
    }

    /** Whether the grant covers the lake table. */
    public boolean covers(TableRef ref) {
        return catalog == null
                && (namespace == null
                        || namespace.equals(ref.namespace()) && (table == null || table.equals(ref.name())));
    }

    /** Whether the grant reaches anything inside the lake namespace. */
    public boolean touches(String ns) {
        return catalog == null && (namespace == null || namespace.equals(ns));
    }

    /** Whether this lake securable is the target itself or something above it. */
    public boolean includes(Securable target) {
        return catalog == null
                && target.catalog == null
                && (namespace == null
                        || namespace.equals(target.namespace) && (table == null || table.equals(target.table)));
    }

    /**
     * Whether this names the federated object or something above it ({@code *} excluded: what it means for federated
     * catalogs is the evaluator's rule).
     *
     * @param schema null for the catalog itself
     * @param name   null for the catalog or schema itself
     */
    public boolean coversFederated(String catalogName, String schema, String name) {
        return catalog != null
                && catalog.equals(catalogName)
                && (namespace == null || namespace.equals(schema) && (table == null || table.equals(name)));
    }

    /** Whether this names something inside the federated catalog (or its schema, when given). */
    public boolean reachesFederated(String catalogName, String schema) {
        return catalog != null
                && catalog.equals(catalogName)
                && (schema == null || namespace == null || namespace.equals(schema));
    }

    @Override
    public String toString() {
        if (catalog != null) {
            return CATALOG_PREFIX
                    + catalog
                    + (namespace == null ? "" : "." + namespace)
                    + (table == null ? "" : "." + table);
        }
        return namespace == null ? "*" : table == null ? namespace : namespace + "." + table;
    }
}
