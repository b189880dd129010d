package io.tributary.ingest.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An admin's request to maintain one table now: which actions (all when unnamed) and overrides of the table's policy.
 * The overrides only shorten what a run keeps within the limits that protect the writer (its latest checkpoint, and
 * the orphan age floor of {@link MaintenancePolicy#MIN_ORPHAN_AGE}).
 */
public record MaintenanceRequest(
        Set<MaintenanceAction> actions,
        Optional<Duration> olderThan,
        Optional<Integer> retainLast,
        Optional<Integer> minSmallFiles,
        Optional<Integer> maxManifests,
        Optional<Duration> orphanOlderThan) {

    public static final List<String> FIELDS =
            List.of("actions", "older-than", "retain-last", "min-small-files", "max-manifests", "orphan-older-than");

    public MaintenanceRequest {
        actions = actions.isEmpty() ? EnumSet.noneOf(MaintenanceAction.class) : EnumSet.copyOf(actions);
    }

    /** Every action, the table's own policy. */
    public static MaintenanceRequest all() {
        return new MaintenanceRequest(
                EnumSet.allOf(MaintenanceAction.class),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** The policy this request runs with. */
    public MaintenancePolicy apply(MaintenancePolicy policy) {
        return new MaintenancePolicy(
                olderThan.orElse(policy.maxSnapshotAge()),
                retainLast.orElse(policy.minSnapshotsToKeep()),
                policy.targetFileSizeBytes(),
                policy.smallFileRatio(),
                minSmallFiles.orElse(policy.minSmallFiles()),
                policy.maxCompactedFiles(),
                maxManifests.orElse(policy.maxManifests()),
                orphanOlderThan.orElse(policy.orphanAge()));
    }

    /**
     * Reads a request body; null or an empty object asks for every action with the table's policy.
     *
     * @throws InvalidRequestException naming the field at fault
     */
    public static MaintenanceRequest parse(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return all();
        }
        if (!body.isObject()) {
            throw new InvalidRequestException("", "the body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRequestException(
                        "/" + name, "unknown field '" + name + "'; known fields are " + String.join(", ", FIELDS));
            }
        }
        Set<MaintenanceAction> actions = actions(body.get("actions"));
        return new MaintenanceRequest(
                actions,
                duration(body, "older-than", Duration.ZERO),
                integer(body, "retain-last", 1),
                integer(body, "min-small-files", 2),
                integer(body, "max-manifests", 1),
                duration(body, "orphan-older-than", MaintenancePolicy.MIN_ORPHAN_AGE));
    }

    private static Set<MaintenanceAction> actions(JsonNode node) {
        if (node == null || node.isNull()) {
            return EnumSet.allOf(MaintenanceAction.class);
        }
        List<String> known = new ArrayList<>();
        for (MaintenanceAction action : MaintenanceAction.values()) {
            known.add(action.wireName());
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidRequestException("/actions", "expected a non-empty array of " + String.join(", ", known));
        }
        Set<MaintenanceAction> actions = EnumSet.noneOf(MaintenanceAction.class);
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            Optional<MaintenanceAction> action =
                    item.isTextual() ? MaintenanceAction.byWireName(item.textValue()) : Optional.empty();
            if (action.isEmpty()) {
                throw new InvalidRequestException(
                        "/actions/" + i, "expected one of " + String.join(", ", known) + ", got " + item);
            }
            actions.add(action.get());
        }
        return actions;
    }

    private static Optional<Duration> duration(JsonNode body, String field, Duration floor) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String expected = "an ISO-8601 duration of at least " + floor + " (e.g. \"PT1H\")";
        if (!node.isTextual()) {
            throw new InvalidRequestException("/" + field, "expected " + expected + ", got " + node);
        }
        Duration value;
        try {
            value = Duration.parse(node.textValue());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("/" + field, "expected " + expected + ", got " + node);
        }
        if (value.compareTo(floor) < 0) {
            throw new InvalidRequestException("/" + field, "expected " + expected + ", got " + node);
        }
        return Optional.of(value);
    }

    private static Optional<Integer> integer(JsonNode body, String field, int min) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < min) {
            throw new InvalidRequestException("/" + field, "expected an integer of at least " + min + ", got " + node);
        }
        return Optional.of(node.intValue());
    }

    /** A request that cannot be run as sent; nothing was done. */
    public static final class InvalidRequestException extends RuntimeException {

        private final String pointer;

        public InvalidRequestException(String pointer, String message) {
            super(message);
            this.pointer = pointer;
        }

        /** JSON pointer of the field at fault; empty for the body itself. */
        public String pointer() {
            return pointer;
        }
    }
}
