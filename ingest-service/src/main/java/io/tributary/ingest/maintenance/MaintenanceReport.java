package io.tributary.ingest.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;

/** What one maintenance run did to a table, action by action in the order they ran. */
public record MaintenanceReport(TableIdentifier table, List<ActionResult> actions, Duration duration) {

    public MaintenanceReport {
        actions = List.copyOf(actions);
    }

    public boolean failed() {
        return actions.stream().anyMatch(a -> a.outcome() == ActionResult.Outcome.FAILED);
    }

    /** The first failure's action and reason, for a log line. */
    public Optional<String> failure() {
        return actions.stream()
                .filter(a -> a.outcome() == ActionResult.Outcome.FAILED)
                .findFirst()
                .map(a -> a.action().wireName() + ": " + a.detail());
    }

    /** One line for a log: each action's outcome and figures. */
    public String summary() {
        StringBuilder line = new StringBuilder();
        for (ActionResult action : actions) {
            if (!line.isEmpty()) {
                line.append("; ");
            }
            line.append(action.action().wireName())
                    .append(' ')
                    .append(action.outcome().wireName());
            if (action.outcome() != ActionResult.Outcome.DONE) {
                line.append(" (").append(action.detail()).append(')');
            }
            if (!action.figures().isEmpty()) {
                line.append(' ').append(action.figures());
            }
        }
        return line.append(" in ").append(duration.toMillis()).append(" ms").toString();
    }

    public Optional<ActionResult> result(MaintenanceAction action) {
        return actions.stream().filter(a -> a.action() == action).findFirst();
    }
}
