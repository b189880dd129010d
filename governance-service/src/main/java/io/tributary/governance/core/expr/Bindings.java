package io.tributary.governance.core.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces identity references by the caller's values (so the rendered SQL holds only literals and columns) and
 * {@code value} by the masked column.
 *
 * @param user       the caller's user name, for {@code current_user}
 * @param roles      every role the caller holds, for {@code has_role('x')}
 * @param attributes the caller's token attributes, for {@code attribute('x')}
 */
public record Bindings(String user, Set<String> roles, Map<String, String> attributes) {

    public Bindings {
        roles = Set.copyOf(roles);
        attributes = Map.copyOf(attributes);
    }

    /** The expression with identity references replaced, and {@code value} replaced by {@code maskedValue} (if any). */
    public Expr bind(Expr expr, Expr maskedValue) {
        if (expr instanceof Expr.CurrentUser) {
            return user == null ? Expr.Literal.nullValue() : Expr.Literal.string(user);
        }
        if (expr instanceof Expr.MaskedValue) {
            if (maskedValue == null) {
                throw new ExprException("'value' is only allowed in a mask expression", expr.position());
            }
            return maskedValue;
        }
        if (expr instanceof Expr.Unary u) {
            return new Expr.Unary(u.operator(), bind(u.operand(), maskedValue), u.position());
        }
        if (expr instanceof Expr.Binary b) {
            return new Expr.Binary(
                    b.operator(), bind(b.left(), maskedValue), bind(b.right(), maskedValue), b.position());
        }
        if (expr instanceof Expr.InList in) {
            return new Expr.InList(
                    bind(in.value(), maskedValue), bindAll(in.items(), maskedValue), in.negated(), in.position());
        }
        if (expr instanceof Expr.IsNull n) {
            return new Expr.IsNull(bind(n.value(), maskedValue), n.negated(), n.position());
        }
        if (expr instanceof Expr.Like l) {
            return new Expr.Like(
                    bind(l.value(), maskedValue), bind(l.pattern(), maskedValue), l.negated(), l.position());
        }
        if (expr instanceof Expr.Between b) {
            return new Expr.Between(
                    bind(b.value(), maskedValue),
                    bind(b.low(), maskedValue),
                    bind(b.high(), maskedValue),
                    b.negated(),
                    b.position());
        }
        if (expr instanceof Expr.Case c) {
            List<Expr.When> whens = new ArrayList<>();
            for (Expr.When w : c.whens()) {
                whens.add(new Expr.When(bind(w.condition(), maskedValue), bind(w.result(), maskedValue)));
            }
            return new Expr.Case(
                    c.operand() == null ? null : bind(c.operand(), maskedValue),
                    whens,
                    c.otherwise() == null ? null : bind(c.otherwise(), maskedValue),
                    c.position());
        }
        if (expr instanceof Expr.ToText t) {
            return new Expr.ToText(bind(t.value(), maskedValue));
        }
        if (expr instanceof Expr.Call call) {
            if (call.name().equals(Functions.HAS_ROLE)) {
                return Expr.Literal.bool(
                        roles.contains(((Expr.Literal) call.arguments().get(0)).text()));
            }
            if (call.name().equals(Functions.ATTRIBUTE)) {
                String value = attributes.get(((Expr.Literal) call.arguments().get(0)).text());
                return value == null ? Expr.Literal.nullValue() : Expr.Literal.string(value);
            }
            return new Expr.Call(call.name(), bindAll(call.arguments(), maskedValue), call.position());
        }
        return expr;
    }

    private List<Expr> bindAll(List<Expr> items, Expr maskedValue) {
        List<Expr> out = new ArrayList<>(items.size());
        for (Expr item : items) {
            out.add(bind(item, maskedValue));
        }
        return out;
    }
}
