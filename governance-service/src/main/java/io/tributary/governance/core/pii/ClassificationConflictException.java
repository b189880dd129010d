package io.tributary.governance.core.pii;

/** A decision that contradicts the one already made, or a proposal whose column is gone. */
public final class ClassificationConflictException extends RuntimeException {

    public ClassificationConflictException(String message) {
        super(message);
    }
}
