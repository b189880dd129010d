package io.tributary.catalog.core.lineage;

import java.time.Instant;

/**
 * A run's state, as Marquez names them, and how an event moves it. Events may arrive late or twice, so a terminal
 * state is never undone by a running one, and between two terminal states the later event time wins.
 */
public enum RunState {
    RUNNING,
    COMPLETED,
    FAILED,
    ABORTED;

    /** The state a RunEvent of {@code eventType} reports; null for {@code OTHER} or none, which report no state. */
    public static RunState of(String eventType) {
        if (eventType == null) {
            return null;
        }
        return switch (eventType) {
            case "START", "RUNNING" -> RUNNING;
            case "COMPLETE" -> COMPLETED;
            case "FAIL" -> FAILED;
            case "ABORT" -> ABORTED;
            default -> null;
        };
    }

    public boolean terminal() {
        return this != RUNNING;
    }

    /**
     * Whether a run in {@code current} (reported at {@code currentAt}; null when it has no state yet) takes
     * {@code incoming} reported at {@code at}.
     */
    public static boolean moves(RunState current, Instant currentAt, RunState incoming, Instant at) {
        if (incoming == null) {
            return false;
        }
        if (current == null || currentAt == null) {
            return true;
        }
        if (current.terminal() != incoming.terminal()) {
            return incoming.terminal();
        }
        return !at.isBefore(currentAt);
    }
}
