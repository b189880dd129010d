package io.tributary.query.core;

import java.util.Objects;

/**
 * Why a statement cannot run or did not finish. The REST layer maps each {@link Reason} to one answer; the message is
 * for the caller and never holds a file path or a policy's expression.
 */
public class QueryException extends RuntimeException {

    public enum Reason {
        /** The SQL does not parse; {@link #line()} and {@link #column()} point at the fault when the engine says. */
        SYNTAX,
        /** The request itself is wrong (a missing field, an unknown engine). */
        INVALID_REQUEST,
        /** A statement kind, function or relation that the governed path never runs. */
        NOT_ALLOWED,
        /** The statement names a table the catalog does not know (or does not show the caller). */
        UNKNOWN_TABLE,
        /** A snapshot the table does not have (checks name their snapshot, which must exist). */
        UNKNOWN_SNAPSHOT,
        /** Governance denies the caller a table the statement reads. */
        ACCESS_DENIED,
        /** The result is larger than the service allows. */
        TOO_LARGE,
        /** The statement needs something the chosen engine cannot do exactly (a delete vector, a type). */
        UNSUPPORTED,
        /** The caller runs as many statements as allowed at once. */
        TOO_MANY_STATEMENTS,
        /** The statement ran longer than its timeout. */
        TIMED_OUT,
        /** The statement was cancelled by its caller. */
        CANCELLED,
        /** An error the engine raised while running a valid statement (a division by zero, a bad cast). */
        EXECUTION,
        /** The statement id is unknown, expired, or belongs to someone else. */
        UNKNOWN_STATEMENT,
        /** A page asked for that is no longer held. */
        PAGE_GONE,
        /** The catalog or governance cannot be reached. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final Integer line;
    private final Integer column;

    public QueryException(Reason reason, String message) {
        this(reason, message, null, null, null);
    }

    public QueryException(Reason reason, String message, Throwable cause) {
        this(reason, message, null, null, cause);
    }

    public QueryException(Reason reason, String message, Integer line, Integer column, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.line = line;
        this.column = column;
    }

    public Reason reason() {
        return reason;
    }

    /** 1-based line of a syntax error, or null. */
    public Integer line() {
        return line;
    }

    /** 1-based column of a syntax error, or null. */
    public Integer column() {
        return column;
    }
}
