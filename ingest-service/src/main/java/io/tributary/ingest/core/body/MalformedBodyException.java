package io.tributary.ingest.core.body;

import java.util.List;

/**
 * The body as a whole cannot be read: it is not JSON, not UTF-8, or its CSV header does not fit the contract. No
 * record of such a body is published, whatever the mode.
 */
public class MalformedBodyException extends RuntimeException {

    private final transient List<Violation> violations;

    public MalformedBodyException(String detail) {
        this(detail, List.of());
    }

    public MalformedBodyException(String detail, List<Violation> violations) {
        super(detail);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
