package io.tributary.governance.core;

import java.util.List;

/**
 * A policy that cannot be stored. {@code semantic} faults (an unknown table or column, an expression that does not
 * parse or calls a function that is not allowed, a loop of roles) are well-formed requests that mean something
 * impossible; the others are malformed requests.
 */
public class InvalidPolicyException extends RuntimeException {

    private final transient List<PolicyViolation> violations;
    private final boolean semantic;

    public InvalidPolicyException(String detail, List<PolicyViolation> violations, boolean semantic) {
        super(detail);
        this.violations = List.copyOf(violations);
        this.semantic = semantic;
    }

    public List<PolicyViolation> violations() {
        return violations;
    }

    public boolean semantic() {
        return semantic;
    }
}
