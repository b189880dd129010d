package io.tributary.governance.core.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a parsed expression against a table: every column exists (answered with the table's own spelling), every
 * function is allow-listed with the right number of arguments, and identity functions take a string literal.
 */
public final class ExprChecker {

    private final Map<String, String> columnsByLowerName = new TreeMap<>();
    private final Map<String, String> columnsByName = new TreeMap<>();

    private ExprChecker(Collection<String> columns) {
        for (String column : columns) {
            columnsByName.put(column, column);
            columnsByLowerName.putIfAbsent(column.toLowerCase(Locale.ROOT), column);
        }
    }

    /** Returns the expression with column names resolved to the table's spelling; throws on the first fault. */
    public static Expr check(Expr expr, Collection<String> columns) {
        return new ExprChecker(columns).visit(expr);
    }

    private Optional<String> resolve(String name) {
        String exact = columnsByName.get(name);
        return exact != null
                ? Optional.of(exact)
                : Optional.ofNullable(columnsByLowerName.get(name.toLowerCase(Locale.ROOT)));
    }

    private Expr visit(Expr expr) {
        if (expr instanceof Expr.Column c) {
            String name = resolve(c.name())
                    .orElseThrow(() -> new ExprException("unknown column '" + c.name() + "'", c.position()));
            return new Expr.Column(name, c.position());
        }
        if (expr instanceof Expr.Unary u) {
            return new Expr.Unary(u.operator(), visit(u.operand()), u.position());
        }
        if (expr instanceof Expr.Binary b) {
            return new Expr.Binary(b.operator(), visit(b.left()), visit(b.right()), b.position());
        }
        if (expr instanceof Expr.InList in) {
            return new Expr.InList(visit(in.value()), visitAll(in.items()), in.negated(), in.position());
        }
        if (expr instanceof Expr.IsNull n) {
            return new Expr.IsNull(visit(n.value()), n.negated(), n.position());
        }
        if (expr instanceof Expr.Like l) {
            return new Expr.Like(visit(l.value()), visit(l.pattern()), l.negated(), l.position());
        }
        if (expr instanceof Expr.Between b) {
            return new Expr.Between(visit(b.value()), visit(b.low()), visit(b.high()), b.negated(), b.position());
        }
        if (expr instanceof Expr.Case c) {
            List<Expr.When> whens = new ArrayList<>();
            for (Expr.When w : c.whens()) {
                whens.add(new Expr.When(visit(w.condition()), visit(w.result())));
            }
            return new Expr.Case(
                    c.operand() == null ? null : visit(c.operand()),
                    whens,
                    c.otherwise() == null ? null : visit(c.otherwise()),
                    c.position());
        }
        if (expr instanceof Expr.Call call) {
            Functions.Arity arity = Functions.arity(call.name())
                    .orElseThrow(() -> new ExprException(
                            "function '" + call.name() + "' is not allowed; allowed are "
                                    + String.join(", ", Functions.names()),
                            call.position()));
            if (!arity.accepts(call.arguments().size())) {
                throw new ExprException(
                        "function '" + call.name() + "' takes " + arity + " argument(s), not "
                                + call.arguments().size(),
                        call.position());
            }
            if (Functions.IDENTITY.contains(call.name())
                    && !(call.arguments().get(0) instanceof Expr.Literal lit
                            && lit.type() == Expr.LiteralType.STRING)) {
                throw new ExprException(
                        "function '" + call.name() + "' takes a string literal, such as " + call.name() + "('country')",
                        call.position());
            }
            return new Expr.Call(call.name(), visitAll(call.arguments()), call.position());
        }
        return expr;
    }

    private List<Expr> visitAll(List<Expr> items) {
        List<Expr> out = new ArrayList<>(items.size());
        for (Expr item : items) {
            out.add(visit(item));
        }
        return out;
    }
}
