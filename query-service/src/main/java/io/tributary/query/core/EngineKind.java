package io.tributary.query.core;

import java.util.Locale;

/** Which engine runs a statement; {@link #AUTO} lets the service choose per statement. */
public enum EngineKind {
    AUTO,
    DUCKDB,
    TRINO;

    /** The lower-case name used in requests, config and stats. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code id}, or null for an unknown name. */
    public static EngineKind of(String id) {
        if (id == null) {
            return null;
        }
        for (EngineKind kind : values()) {
            if (kind.id().equals(id.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        return null;
    }
}
