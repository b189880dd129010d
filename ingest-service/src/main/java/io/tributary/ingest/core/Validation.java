package io.tributary.ingest.core;

import io.tributary.ingest.core.body.Violation;
import java.util.List;

/**
 * The result of checking one record against a contract: the violations, or the record converted to Iceberg's
 * generic values when there are none.
 *
 * @param value null unless the record is valid
 */
public record Validation(List<Violation> violations, StructValue value) {

    public Validation {
        violations = List.copyOf(violations);
        if (violations.isEmpty() == (value == null)) {
            throw new IllegalArgumentException("a validation has either violations or a value");
        }
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    static Validation valid(StructValue value) {
        return new Validation(List.of(), value);
    }

    static Validation invalid(List<Violation> violations) {
        return new Validation(violations, null);
    }
}
