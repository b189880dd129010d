package io.tributary.query.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a statement may run on the governed path, from DuckDB's parse tree ({@code json_serialize_sql}).
 * A statement passes only when it is one SELECT whose every relation is a lake table ({@code namespace.table}, which
 * the engine serves as a governed view), a CTE of its own, a subquery, VALUES or a harmless generator. Table
 * functions, system catalogs, file reads and functions that reveal settings or the environment are refused, so the
 * caller reaches data only through the views governance built.
 */
public final class SqlInspector {

    /** Relations that are not lake tables and never are: DuckDB's catalogs. */
    private static final Set<String> SYSTEM_SCHEMAS =
            Set.of("information_schema", "pg_catalog", "main", "temp", "system", "memory");

    private static final List<String> SYSTEM_PREFIXES = List.of("duckdb_", "sqlite_", "pragma_", "pg_");

    /** Table functions that only generate values. Everything else (read_parquet, glob, query, ...) is refused. */
    private static final Set<String> ALLOWED_TABLE_FUNCTIONS = Set.of("range", "generate_series", "unnest");

    /** Scalar functions that reach beyond the statement's data: settings, variables, files, SQL execution. */
    private static final Set<String> DENIED_FUNCTIONS = Set.of(
            "current_setting",
            "getenv",
            "getvariable",
            "set_variable",
            "glob",
            "query",
            "query_table",
            "checkpoint",
            "force_checkpoint",
            "sql_auto_complete",
            "which_secret",
            "load_aws_credentials",
            "current_schemas",
            "current_database",
            "current_catalog",
            "json_execute_serialized_sql",
            "json_deserialize_sql",
            "json_serialize_sql",
            "json_serialize_plan",
            "sniff_csv",
            "install",
            "load");

    private static final List<String> DENIED_FUNCTION_PREFIXES = List.of(
            "duckdb_",
            "pragma_",
            "read_",
            "parquet_",
            "iceberg_",
            "sniff_",
            "export_",
            "import_",
            "enable_",
            "disable_",
            "test_",
            "icu_");

    private static final Set<String> ALLOWED_RELATIONS =
            Set.of("JOIN", "SUBQUERY", "EXPRESSION_LIST", "EMPTY", "PIVOT");
    private static final Set<String> RELATION_TYPES = Set.of(
            "BASE_TABLE",
            "JOIN",
            "SUBQUERY",
            "TABLE_FUNCTION",
            "EXPRESSION_LIST",
            "EMPTY",
            "PIVOT",
            "SHOW_REF",
            "COLUMN_DATA",
            "DELIM_GET",
            "CTE",
            "BOUND_TABLE_REF",
            "INVALID");

    private final String lakeCatalog;

    /** @param lakeCatalog the catalog name a statement may put before {@code namespace.table} (as on Trino) */
    public SqlInspector(String lakeCatalog) {
        this.lakeCatalog = lakeCatalog.toLowerCase(Locale.ROOT);
    }

    /**
     * @param tree the parse tree of a statement that parsed ({@code "error": false})
     * @throws QueryException {@link QueryException.Reason#NOT_ALLOWED} naming what is refused, or
     *                        {@link QueryException.Reason#UNKNOWN_TABLE} for an unqualified name that is not a CTE
     */
    public Inspection inspect(JsonNode tree) {
        JsonNode statements = tree.path("statements");
        if (statements.size() != 1) {
            throw refused(
                    statements.size() == 0
                            ? "The request holds no statement."
                            : "Only one statement per request is allowed; found " + statements.size() + ".");
        }
        Walk walk = new Walk();
        walk.visit(statements.get(0).path("node"), Set.of());
        for (String cte : walk.cteNames) {
            for (TableName table : walk.tables) {
                if (table.table().equals(cte)) {
                    throw refused("The CTE '" + cte + "' shadows the lake table " + table + "; give it another name.");
                }
            }
        }
        Map<TableName, List<ColumnPredicate>> predicates = new java.util.HashMap<>();
        if (walk.tables.size() == 1) {
            TableName table = walk.tables.iterator().next();
            List<ColumnPredicate> found = predicates(statements.get(0).path("node"), table);
            if (!found.isEmpty()) {
                predicates.put(table, found);
            }
        }
        return new Inspection(walk.tables, walk.columns, walk.star, predicates);
    }

    /**
     * The column-versus-constant conjuncts of the WHERE clause of a plain {@code SELECT ... FROM table WHERE ...};
     * anything more involved (joins, CTEs, set operations) prunes nothing.
     */
    private static List<ColumnPredicate> predicates(JsonNode node, TableName table) {
        JsonNode from = node.path("from_table");
        if (!"SELECT_NODE".equals(node.path("type").asText())
                || !node.path("cte_map").path("map").isEmpty()
                || !"BASE_TABLE".equals(from.path("type").asText())) {
            return List.of();
        }
        String alias = lower(from.path("alias").asText(""));
        List<ColumnPredicate> found = new ArrayList<>();
        conjuncts(node.path("where_clause"), table, alias, found);
        return found;
    }

    private static void conjuncts(JsonNode expression, TableName table, String alias, List<ColumnPredicate> found) {
        if ("CONJUNCTION_AND".equals(expression.path("type").asText())) {
            expression.path("children").forEach(child -> conjuncts(child, table, alias, found));
            return;
        }
        if (!"COMPARISON".equals(expression.path("class").asText())) {
            return;
        }
        ColumnPredicate.Op op = switch (expression.path("type").asText()) {
            case "COMPARE_EQUAL" -> ColumnPredicate.Op.EQ;
            case "COMPARE_LESSTHAN" -> ColumnPredicate.Op.LT;
            case "COMPARE_LESSTHANOREQUALTO" -> ColumnPredicate.Op.LE;
            case "COMPARE_GREATERTHAN" -> ColumnPredicate.Op.GT;
            case "COMPARE_GREATERTHANOREQUALTO" -> ColumnPredicate.Op.GE;
            default -> null;
        };
        if (op == null) {
            return;
        }
        JsonNode left = expression.path("left");
        JsonNode right = expression.path("right");
        if ("CONSTANT".equals(left.path("class").asText())) {
            JsonNode swap = left;
            left = right;
            right = swap;
            op = switch (op) {
                case LT -> ColumnPredicate.Op.GT;
                case LE -> ColumnPredicate.Op.GE;
                case GT -> ColumnPredicate.Op.LT;
                case GE -> ColumnPredicate.Op.LE;
                case EQ -> ColumnPredicate.Op.EQ;
            };
        }
        String column = column(left, table, alias);
        if (column == null || !"CONSTANT".equals(right.path("class").asText())) {
            return;
        }
        ColumnPredicate.LiteralKind kind =
                switch (right.path("literal").path("kind").asText()) {
                    case "INTEGER" -> ColumnPredicate.LiteralKind.INTEGER;
                    case "NUMERIC" -> ColumnPredicate.LiteralKind.NUMERIC;
                    case "STRING" -> ColumnPredicate.LiteralKind.STRING;
                    case "BOOLEAN" -> ColumnPredicate.LiteralKind.BOOLEAN;
                    default -> null;
                };
        JsonNode text = right.path("literal").path("text");
        if (kind != null && text.isTextual()) {
            found.add(new ColumnPredicate(column, op, kind, text.asText()));
        }
    }

    private static String column(JsonNode ref, TableName table, String alias) {
        if (!"COLUMN_REF".equals(ref.path("class").asText())) {
            return null;
        }
        JsonNode names = ref.path("column_names");
        if (names.size() == 1) {
            return lower(names.get(0).asText());
        }
        if (names.size() == 2) {
            String qualifier = lower(names.get(0).asText());
            if (qualifier.equals(alias) || alias.isEmpty() && qualifier.equals(table.table())) {
                return lower(names.get(1).asText());
            }
        }
        return null;
    }

    private final class Walk {
        final Set<TableName> tables = new TreeSet<>();
        final Set<String> columns = new HashSet<>();
        final Set<String> cteNames = new HashSet<>();
        boolean star;

        void visit(JsonNode node, Set<String> ctes) {
            if (node == null || node.isNull() || node.isMissingNode() || node.isValueNode()) {
                return;
            }
            if (node.isArray()) {
                for (JsonNode child : node) {
                    visit(child, ctes);
                }
                return;
            }
            Set<String> scope = ctes;
            JsonNode cteMap = node.path("cte_map").path("map");
            if (cteMap.isArray() && !cteMap.isEmpty()) {
                scope = new HashSet<>(ctes);
                for (JsonNode entry : cteMap) {
                    String name = entry.path("key").asText().toLowerCase(Locale.ROOT);
                    scope.add(name);
                    cteNames.add(name);
                }
            }
            check(node, scope);
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                visit(fields.next().getValue(), scope);
            }
        }

        private void check(JsonNode node, Set<String> ctes) {
            String type = node.path("type").asText("");
            if (node.has("class")) {
                String cls = node.path("class").asText("");
                if ("STAR".equals(cls)) {
                    star = true;
                } else if ("COLUMN_REF".equals(cls)) {
                    JsonNode names = node.path("column_names");
                    if (names.isArray() && !names.isEmpty()) {
                        columns.add(names.get(names.size() - 1).asText().toLowerCase(Locale.ROOT));
                    }
                }
                if (node.has("function_name")) {
                    checkFunction(node.path("function_name").asText());
                }
                return;
            }
            if (!RELATION_TYPES.contains(type) || !node.has("alias")) {
                return;
            }
            if ("BASE_TABLE".equals(type)) {
                checkTable(node, ctes);
            } else if ("TABLE_FUNCTION".equals(type)) {
                String name =
                        node.path("function").path("function_name").asText("").toLowerCase(Locale.ROOT);
                if (!ALLOWED_TABLE_FUNCTIONS.contains(name)) {
                    throw refused("The table function " + name + "() is not allowed: statements read lake tables only"
                            + " (namespace.table).");
                }
            } else if ("SHOW_REF".equals(type)) {
                throw refused("DESCRIBE, SHOW and SUMMARIZE are not allowed; the catalog API describes tables.");
            } else if (!ALLOWED_RELATIONS.contains(type)) {
                throw refused("A relation of kind " + type + " is not allowed.");
            }
        }

        private void checkTable(JsonNode node, Set<String> ctes) {
            String catalog = lower(node.path("catalog_name").asText(""));
            String schema = lower(node.path("schema_name").asText(""));
            String name = lower(node.path("table_name").asText(""));
            JsonNode at = node.path("at_clause");
            if (!at.isMissingNode() && !at.isNull()) {
                throw refused("AT (VERSION/TIMESTAMP => ...) is not allowed; use the request's as-of to read an"
                        + " earlier snapshot.");
            }
            if (catalog.isEmpty() && schema.isEmpty()) {
                if (ctes.contains(name)) {
                    return;
                }
                if (isSystemName(name)) {
                    throw refused("The system relation " + name + " is not allowed.");
                }
                if (name.contains("/") || name.contains(".") || name.contains(":")) {
                    throw refused("Reading files directly is not allowed: statements read lake tables only"
                            + " (namespace.table).");
                }
                throw new QueryException(
                        QueryException.Reason.UNKNOWN_TABLE,
                        "Table '" + name + "' is not known: name lake tables as namespace.table.");
            }
            if (!catalog.isEmpty() && !catalog.equals(lakeCatalog)) {
                throw refused("The catalog " + catalog + " is not allowed; lake tables are namespace.table or "
                        + lakeCatalog + ".namespace.table.");
            }
            if (schema.isEmpty() || SYSTEM_SCHEMAS.contains(schema) || schema.startsWith("duckdb_")) {
                throw refused(
                        "The system relation " + (schema.isEmpty() ? name : schema + "." + name) + " is not allowed.");
            }
            tables.add(new TableName(schema, name));
        }

        private void checkFunction(String function) {
            String name = lower(function);
            if (DENIED_FUNCTIONS.contains(name)
                    || DENIED_FUNCTION_PREFIXES.stream().anyMatch(name::startsWith)) {
                throw refused("The function " + name + "() is not allowed on the governed path.");
            }
        }
    }

    private static boolean isSystemName(String name) {
        return SYSTEM_PREFIXES.stream().anyMatch(name::startsWith) || SYSTEM_SCHEMAS.contains(name);
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static QueryException refused(String message) {
        return new QueryException(QueryException.Reason.NOT_ALLOWED, message);
    }
}
