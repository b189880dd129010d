package io.tributary.query.core;

/** Where a statement is in its life. */
public enum StatementState {
    QUEUED,
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED;

    public boolean terminal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
