package io.tributary.query.core;

/**
 * A comparison of a table's column with a constant, taken from a statement's WHERE clause so that planning can skip
 * the files whose partition values and column statistics rule it out. It only narrows the files read; the engine
 * still evaluates the whole WHERE clause.
 *
 * @param literal the constant's text as written, of kind {@code literalKind}
 */
public record ColumnPredicate(String column, Op op, LiteralKind literalKind, String literal) {

    public enum Op {
        EQ,
        LT,
        LE,
        GT,
        GE
    }

    public enum LiteralKind {
        INTEGER,
        NUMERIC,
        STRING,
        BOOLEAN
    }
}
