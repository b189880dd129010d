package io.tributary.ingest.maintenance;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one action did to a table.
 *
 * @param detail why it was skipped or failed, or a short note of what it did
 * @param figures counts in the order they are reported, e.g. {@code snapshots-expired}
 */
public record ActionResult(
        MaintenanceAction action, Outcome outcome, String detail, Duration duration, Map<String, Long> figures) {

    public static final String SNAPSHOTS_EXPIRED = "snapshots-expired";
    public static final String SNAPSHOTS_BEFORE = "snapshots-before";
    public static final String SNAPSHOTS_AFTER = "snapshots-after";
    public static final String FILES_DELETED = "files-deleted";
    public static final String FILES_REWRITTEN = "files-rewritten";
    public static final String FILES_ADDED = "files-added";
    public static final String ROWS_REWRITTEN = "rows-rewritten";
    public static final String PARTITIONS_COMPACTED = "partitions-compacted";
    public static final String FILES_SKIPPED_WITH_DELETES = "files-skipped-with-deletes";
    public static final String MANIFESTS_BEFORE = "manifests-before";
    public static final String MANIFESTS_AFTER = "manifests-after";
    public static final String MANIFESTS_REWRITTEN = "manifests-rewritten";
    public static final String FILES_LISTED = "files-listed";
    public static final String ORPHANS_FOUND = "orphans-found";
    public static final String ORPHANS_REMOVED = "orphans-removed";

    public enum Outcome {
        DONE("done"),
        /** Nothing was due, or the table cannot have it; nothing was changed. */
        SKIPPED("skipped"),
        /** It did not complete (a conflicting commit, storage down); tried again at the next run. */
        FAILED("failed");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public ActionResult {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public long figure(String name) {
        return figures.getOrDefault(name, 0L);
    }
}
