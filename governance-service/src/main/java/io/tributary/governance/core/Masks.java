package io.tributary.governance.core;

import io.tributary.governance.core.expr.Bindings;
import io.tributary.governance.core.expr.Expr;
import io.tributary.governance.core.expr.ExprChecker;
import io.tributary.governance.core.expr.ExprParser;
import io.tributary.governance.core.expr.SqlType;
import java.util.Collection;
import java.util.List;

/**
 * Turns a mask policy into the expression that replaces one column. Masks keep the column's type: the string masks
 * ({@code redact}, {@code hash}, {@code partial}) answer a typed NULL for a column that is not a string, and
 * {@code truncate-date} one for a column that is not a date or timestamp.
 */
public final class Masks {

    public static final String REDACTED = "[REDACTED]";

    private Masks() {}

    /**
     * @param columns  the table's columns, which a free expression may reference
     * @param salt     the salt of {@code hash}
     * @param bindings the caller's identity, for identity references in a free expression
     */
    public static Expr expression(
            PolicyBody.Mask mask,
            String column,
            SqlType type,
            Collection<String> columns,
            String salt,
            Bindings bindings) {
        Expr value = new Expr.Column(column, -1);
        Expr typedNull = new Expr.TypedNull(type);
        return switch (mask.function()) {
            case NULL -> typedNull;
            case REDACT -> type.isString() ? Expr.Literal.string(REDACTED) : typedNull;
            case HASH ->
                type.isString()
                        ? new Expr.Call(
                                "sha256_hex", List.of(new Expr.Binary("||", Expr.Literal.string(salt), value, -1)), -1)
                        : typedNull;
            case PARTIAL -> type.isString() ? partial(mask, value) : typedNull;
            case TRUNCATE_DATE ->
                type.isTemporal()
                        ? new Expr.Call("date_trunc", List.of(Expr.Literal.string(mask.unit()), value), -1)
                        : typedNull;
            case EXPRESSION ->
                bindings.bind(ExprChecker.check(ExprParser.parseMask(mask.expression()), columns), value);
        };
    }

    private static Expr partial(PolicyBody.Mask mask, Expr value) {
        if (mask.keepDomain()) {
            return new Expr.Call(
                    "regexp_replace", List.of(value, Expr.Literal.string("^[^@]*"), Expr.Literal.string("****")), -1);
        }
        Expr length = new Expr.Call("length", List.of(value), -1);
        if (mask.keepLast() != null) {
            // lpad(substr(v, greatest(length(v) - n + 1, 1)), length(v), '*'): the last n characters, stars before.
            Expr start = new Expr.Call(
                    "greatest",
                    List.of(
                            new Expr.Binary(
                                    "+",
                                    new Expr.Binary("-", length, Expr.Literal.number(mask.keepLast()), -1),
                                    Expr.Literal.number(1),
                                    -1),
                            Expr.Literal.number(1)),
                    -1);
            return new Expr.Call(
                    "lpad",
                    List.of(new Expr.Call("substr", List.of(value, start), -1), length, Expr.Literal.string("*")),
                    -1);
        }
        int first = mask.keepFirst() == null ? 0 : mask.keepFirst();
        return new Expr.Call(
                "rpad",
                List.of(
                        new Expr.Call("substr", List.of(value, Expr.Literal.number(1), Expr.Literal.number(first)), -1),
                        length,
                        Expr.Literal.string("*")),
                -1);
    }
}
