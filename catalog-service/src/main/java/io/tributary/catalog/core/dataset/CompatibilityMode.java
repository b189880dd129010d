package io.tributary.catalog.core.dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a table's ingest contract may evolve, with Confluent Schema Registry's meaning. Data is written with one schema
 * and read with another; a mode says which pairs of the previous and the proposed schema must work.
 */
public enum CompatibilityMode {
    /** Consumers of the proposed schema can read data written with the previous one. */
    BACKWARD,
    /** Consumers of the previous schema can read data written with the proposed one. */
    FORWARD,
    /** Both {@link #BACKWARD} and {@link #FORWARD}. */
    FULL,
    /** Any change is accepted. */
    NONE;

    public boolean checksBackward() {
        return this == BACKWARD || this == FULL;
    }

    public boolean checksForward() {
        return this == FORWARD || this == FULL;
    }

    /** The mode named by {@code value} (case-insensitive), empty when it names none. */
    public static Optional<CompatibilityMode> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String upper = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.name().equals(upper)).findFirst();
    }
}
