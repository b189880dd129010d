package io.tributary.governance.core.expr;

import java.util.List;

/**
 * A parsed expression of the safe SQL subset policies may use: columns, literals, operators, IN, IS NULL, LIKE,
 * BETWEEN, CASE, allow-listed functions and identity references. Nodes keep their position in the source text
 * (0-based; -1 for generated nodes) so that an error can point at it.
 */
public sealed interface Expr {

    int position();

    /** A column of the table; {@code value} in a mask expression is {@link MaskedValue} instead. */
    record Column(String name, int position) implements Expr {}

    /** The value of the column a mask applies to (the identifier {@code value}, as in a SQL domain constraint). */
    record MaskedValue(int position) implements Expr {}

    enum LiteralType {
        STRING,
        NUMBER,
        BOOLEAN,
        NULL
    }

    /** @param text the string's content, the number's digits, {@code true}/{@code false}, or null */
    record Literal(LiteralType type, String text, int position) implements Expr {
        public static Literal string(String value) {
            return new Literal(LiteralType.STRING, value, -1);
        }

        public static Literal number(long value) {
            return new Literal(LiteralType.NUMBER, Long.toString(value), -1);
        }

        public static Literal bool(boolean value) {
            return new Literal(LiteralType.BOOLEAN, Boolean.toString(value), -1);
        }

        public static Literal nullValue() {
            return new Literal(LiteralType.NULL, null, -1);
        }
    }

    /** A NULL of a given SQL type, so that a mask keeps the column's type (Trino insists on it). */
    record TypedNull(SqlType type) implements Expr {
        @Override
        public int position() {
            return -1;
        }
    }

    /** {@code NOT} or unary {@code -}. */
    record Unary(String operator, Expr operand, int position) implements Expr {}

    /** {@code AND OR = <> < <= > >= + - * / % ||}. */
    record Binary(String operator, Expr left, Expr right, int position) implements Expr {}

    record InList(Expr value, List<Expr> items, boolean negated, int position) implements Expr {}

    record IsNull(Expr value, boolean negated, int position) implements Expr {}

    record Like(Expr value, Expr pattern, boolean negated, int position) implements Expr {}

    record Between(Expr value, Expr low, Expr high, boolean negated, int position) implements Expr {}

    record When(Expr condition, Expr result) {}

    /** {@code CASE [operand] WHEN .. THEN .. [ELSE ..] END}; operand and otherwise may be null. */
    record Case(Expr operand, List<When> whens, Expr otherwise, int position) implements Expr {}

    /** A function call; {@link Functions} says which names are allowed and how each dialect spells them. */
    record Call(String name, List<Expr> arguments, int position) implements Expr {}

    /** {@code CAST(x AS VARCHAR)}, the only cast policies need (hashing a non-string value). */
    record ToText(Expr value) implements Expr {
        @Override
        public int position() {
            return -1;
        }
    }

    /** {@code current_user}: replaced by the caller's user name before rendering. */
    record CurrentUser(int position) implements Expr {}

    record CurrentDate(int position) implements Expr {}
}
