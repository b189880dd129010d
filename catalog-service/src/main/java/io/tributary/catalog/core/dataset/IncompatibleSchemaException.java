package io.tributary.catalog.core.dataset;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A schema change that breaks the table's compatibility mode. It is not a lost commit race, so it is deliberately no
 * {@code CommitFailedException}: Iceberg retries those, and retrying cannot make an incompatible schema compatible.
 */
public class IncompatibleSchemaException extends RuntimeException {

    private final transient List<Incompatibility> incompatibilities;
    private final CompatibilityMode mode;

    public IncompatibleSchemaException(String table, CompatibilityMode mode, List<Incompatibility> incompatibilities) {
        super("The schema change to " + table + " breaks its " + mode + " compatibility: "
                + incompatibilities.stream().map(Incompatibility::summary).collect(Collectors.joining("; ")));
        this.mode = mode;
        this.incompatibilities = List.copyOf(incompatibilities);
    }

    public List<Incompatibility> incompatibilities() {
        return incompatibilities;
    }

    public CompatibilityMode mode() {
        return mode;
    }
}
