package io.tributary.governance.core.lake;

/**
 * query-service refused the reads for good: the table or snapshot is gone (404) or a query was refused (400). Asking
 * again gives the same answer, so the work records an error instead of waiting.
 */
public final class LakeReadsRefusedException extends RuntimeException {

    private final int status;

    public LakeReadsRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status query-service answered. */
    public int status() {
        return status;
    }
}
