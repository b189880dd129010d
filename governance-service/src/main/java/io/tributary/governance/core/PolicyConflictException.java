package io.tributary.governance.core;

/** A change based on a version of the policy that is no longer the current one. */
public class PolicyConflictException extends RuntimeException {
    public PolicyConflictException(String message) {
        super(message);
    }
}
