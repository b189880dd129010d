package io.tributary.governance.core.opa;

/** An OPA request that is not a request of Trino's contract at all (as opposed to an unknown operation, denied). */
public class OpaRequestException extends RuntimeException {
    public OpaRequestException(String message) {
        super(message);
    }
}
