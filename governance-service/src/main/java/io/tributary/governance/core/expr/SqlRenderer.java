package io.tributary.governance.core.expr;

import java.util.List;
import java.util.Locale;

/**
 * Renders an expression as SQL text. Every operator is parenthesized, so both engines read the same tree whatever
 * their precedence rules; identifiers are always double-quoted and strings single-quoted, as both engines expect.
 */
public final class SqlRenderer {

    private SqlRenderer() {}

    public static String render(Expr expr, SqlDialect dialect) {
        StringBuilder out = new StringBuilder();
        new Writer(dialect, out).write(expr);
        return out.toString();
    }

    public static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String quoteString(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    private record Writer(SqlDialect dialect, StringBuilder out) {

        void write(Expr expr) {
            if (expr instanceof Expr.Column c) {
                out.append(quoteIdentifier(c.name()));
            } else if (expr instanceof Expr.MaskedValue) {
                out.append("value");
            } else if (expr instanceof Expr.Literal l) {
                literal(l);
            } else if (expr instanceof Expr.TypedNull n) {
                String type = dialect == SqlDialect.TRINO
                        ? n.type().trino()
                        : n.type().duckdb();
                if (dialect == SqlDialect.NEUTRAL || type == null) {
                    out.append("NULL");
                } else {
                    out.append("CAST(NULL AS ").append(type).append(')');
                }
            } else if (expr instanceof Expr.Unary u) {
                out.append('(').append(u.operator().equals("NOT") ? "NOT " : "-");
                write(u.operand());
                out.append(')');
            } else if (expr instanceof Expr.Binary b) {
                out.append('(');
                write(b.left());
                out.append(' ').append(b.operator()).append(' ');
                write(b.right());
                out.append(')');
            } else if (expr instanceof Expr.InList in) {
                out.append('(');
                write(in.value());
                out.append(in.negated() ? " NOT IN (" : " IN (");
                list(in.items());
                out.append("))");
            } else if (expr instanceof Expr.IsNull n) {
                out.append('(');
                write(n.value());
                out.append(n.negated() ? " IS NOT NULL)" : " IS NULL)");
            } else if (expr instanceof Expr.Like l) {
                out.append('(');
                write(l.value());
                out.append(l.negated() ? " NOT LIKE " : " LIKE ");
                write(l.pattern());
                out.append(')');
            } else if (expr instanceof Expr.Between b) {
                out.append('(');
                write(b.value());
                out.append(b.negated() ? " NOT BETWEEN " : " BETWEEN ");
                write(b.low());
                out.append(" AND ");
                write(b.high());
                out.append(')');
            } else if (expr instanceof Expr.Case c) {
                out.append("CASE");
                if (c.operand() != null) {
                    out.append(' ');
                    write(c.operand());
                }
                for (Expr.When w : c.whens()) {
                    out.append(" WHEN ");
                    write(w.condition());
                    out.append(" THEN ");
                    write(w.result());
                }
                if (c.otherwise() != null) {
                    out.append(" ELSE ");
                    write(c.otherwise());
                }
                out.append(" END");
            } else if (expr instanceof Expr.ToText t) {
                out.append("CAST(");
                write(t.value());
                out.append(dialect == SqlDialect.TRINO ? " AS varchar)" : " AS VARCHAR)");
            } else if (expr instanceof Expr.Call call) {
                call(call);
            } else if (expr instanceof Expr.CurrentUser) {
                out.append("current_user");
            } else if (expr instanceof Expr.CurrentDate) {
                out.append("current_date");
            } else {
                throw new IllegalArgumentException("cannot render " + expr);
            }
        }

        private void literal(Expr.Literal l) {
            switch (l.type()) {
                case STRING -> out.append(quoteString(l.text()));
                case NUMBER -> out.append(l.text());
                case BOOLEAN -> out.append(l.text().toUpperCase(Locale.ROOT));
                case NULL -> out.append("NULL");
                default -> throw new IllegalStateException();
            }
        }

        private void call(Expr.Call call) {
            if (call.name().equals(Functions.SHA256_HEX) && dialect != SqlDialect.NEUTRAL) {
                // DuckDB's sha256 answers lower-case hex; Trino's answers varbinary, so it is encoded the same way.
                if (dialect == SqlDialect.TRINO) {
                    out.append("lower(to_hex(sha256(to_utf8(");
                    write(call.arguments().get(0));
                    out.append("))))");
                } else {
                    out.append("sha256(");
                    write(call.arguments().get(0));
                    out.append(')');
                }
                return;
            }
            out.append(call.name()).append('(');
            list(call.arguments());
            out.append(')');
        }

        private void list(List<Expr> items) {
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(items.get(i));
            }
        }
    }
}
