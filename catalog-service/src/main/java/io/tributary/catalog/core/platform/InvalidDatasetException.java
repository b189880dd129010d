package io.tributary.catalog.core.platform;

import java.util.List;

/** A dataset, or a change to one, that breaks a rule; every fault is named, so one answer lists them all. */
public class InvalidDatasetException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidDatasetException(String message, List<Violation> violations) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    /**
     * One fault.
     *
     * @param pointer a JSON pointer (RFC 6901) into the request, such as {@code /column-tags/a~1b}
     * @param message what is wrong there
     */
    public record Violation(String pointer, String message) {}
}
