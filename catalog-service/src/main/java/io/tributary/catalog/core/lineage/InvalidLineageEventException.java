package io.tributary.catalog.core.lineage;

import java.util.List;

/** A lineage event that breaks the OpenLineage schema; nothing of it was stored. */
public class InvalidLineageEventException extends RuntimeException {

    private final transient List<LineageViolation> violations;

    public InvalidLineageEventException(List<LineageViolation> violations) {
        super("The lineage event breaks the OpenLineage schema in " + violations.size() + " place(s); see errors.");
        this.violations = List.copyOf(violations);
    }

    public List<LineageViolation> violations() {
        return violations;
    }
}
