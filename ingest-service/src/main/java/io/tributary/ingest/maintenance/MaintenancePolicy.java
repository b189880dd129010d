package io.tributary.ingest.maintenance;

import java.time.Duration;
import java.util.Map;

/**
 * What maintenance does to one table: the platform's defaults, overridden by the table's own Iceberg properties where it
 * sets them ({@code history.expire.*}, {@code write.target-file-size-bytes}) and by an admin request's overrides.
 *
 * @param maxSnapshotAge snapshots older than this may expire (never the writer's latest checkpoint or anything after)
 * @param minSnapshotsToKeep ancestors of each branch head always kept, however old
 * @param targetFileSizeBytes the size compaction writes towards
 * @param smallFileRatio a data file below {@code targetFileSizeBytes * smallFileRatio} is small
 * @param minSmallFiles a partition is compacted once it holds at least this many small files
 * @param maxCompactedFiles at most this many small files are rewritten in one run, so one run stays short
 * @param maxManifests manifests are rewritten when the current snapshot has more than this many
 * @param orphanAge a file no metadata references is deleted only once it is older than this
 */
public record MaintenancePolicy(
        Duration maxSnapshotAge,
        int minSnapshotsToKeep,
        long targetFileSizeBytes,
        double smallFileRatio,
        int minSmallFiles,
        int maxCompactedFiles,
        int maxManifests,
        Duration orphanAge) {

    /** Iceberg's standard property for snapshot age, in milliseconds. */
    public static final String MAX_SNAPSHOT_AGE_MS = "history.expire.max-snapshot-age-ms";

    public static final String MIN_SNAPSHOTS_TO_KEEP = "history.expire.min-snapshots-to-keep";
    public static final String TARGET_FILE_SIZE_BYTES = "write.target-file-size-bytes";

    /** A table property that turns the platform's maintenance off for one table ({@code false}). */
    public static final String ENABLED = "tributary.maintenance.enabled";

    /**
     * The writer's files of a batch in flight are referenced only once it commits; below this age a file may be one of
     * them, so no orphan age may be shorter.
     */
    public static final Duration MIN_ORPHAN_AGE = Duration.ofHours(1);

    public MaintenancePolicy {
        require(!maxSnapshotAge.isNegative(), "max snapshot age must not be negative");
        require(minSnapshotsToKeep >= 1, "at least one snapshot must be kept");
        require(targetFileSizeBytes > 0, "the target file size must be positive");
        require(smallFileRatio > 0 && smallFileRatio <= 1, "the small-file ratio must be in (0, 1]");
        require(minSmallFiles >= 2, "compacting needs at least 2 files");
        require(maxCompactedFiles >= 2, "compacting needs at least 2 files per run");
        require(maxManifests >= 1, "the manifest threshold must be at least 1");
        require(
                orphanAge.compareTo(MIN_ORPHAN_AGE) >= 0,
                "the orphan age must be at least " + MIN_ORPHAN_AGE + " (files of a batch in flight)");
    }

    /** This policy with the table's own properties applied; a property that is not a valid number is ignored. */
    public MaintenancePolicy forTable(Map<String, String> properties) {
        long age = positiveLong(properties.get(MAX_SNAPSHOT_AGE_MS), maxSnapshotAge.toMillis());
        long keep = positiveLong(properties.get(MIN_SNAPSHOTS_TO_KEEP), minSnapshotsToKeep);
        long target = positiveLong(properties.get(TARGET_FILE_SIZE_BYTES), targetFileSizeBytes);
        return new MaintenancePolicy(
                Duration.ofMillis(age),
                (int) Math.min(Integer.MAX_VALUE, keep),
                target,
                smallFileRatio,
                minSmallFiles,
                maxCompactedFiles,
                maxManifests,
                orphanAge);
    }

    /** Whether the table lets the platform maintain it. */
    public static boolean enabledFor(Map<String, String> properties) {
        return !"false"
                .equalsIgnoreCase(properties.getOrDefault(ENABLED, "true").trim());
    }

    /** A data file smaller than this is a compaction candidate. */
    public long smallFileBytes() {
        return (long) (targetFileSizeBytes * smallFileRatio);
    }

    private static long positiveLong(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
