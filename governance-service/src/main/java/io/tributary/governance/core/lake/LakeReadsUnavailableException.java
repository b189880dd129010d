package io.tributary.governance.core.lake;

/** query-service could not be reached or did not answer; the work is retried later. */
public final class LakeReadsUnavailableException extends Exception {

    public LakeReadsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
