package io.tributary.ingest.maintenance.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tributary.ingest.maintenance.MaintenancePolicy;
import java.time.Duration;

/**
 * Everything under {@code tributary.maintenance}: the platform's table maintenance. The defaults suit a table the
 * lake writer commits every second (86,400 snapshots a day); a table's own {@code history.expire.*} and
 * {@code write.target-file-size-bytes} properties win over them.
 */
@ConfigMapping(prefix = "tributary.maintenance")
public interface MaintenanceConfig {

    /** Whether the process with the writer role maintains every table in the background. */
    @WithDefault("true")
    boolean enabled();

    /** Time between two passes over the catalog's tables. */
    @WithDefault("10m")
    Duration interval();

    /** Wait after startup before the first pass, so the writer catches up first. */
    @WithDefault("1m")
    Duration initialDelay();

    /**
     * A table nothing was committed to since its last run, and whose snapshots cannot expire yet, is left alone for
     * at most this long: a pass then looks at it all the same, so a policy set in its properties (which the catalog
     * announces no event for) takes effect by then.
     */
    @WithDefault("1h")
    Duration idleTableInterval();

    Expire expire();

    Compaction compaction();

    Manifests manifests();

    Orphans orphans();

    interface Expire {
        /**
         * Snapshots older than this expire: an hour of per-second history (3,600 snapshots) is enough to time travel
         * across a bad batch and short enough that metadata and manifest lists stay small.
         */
        @WithDefault("1h")
        Duration maxSnapshotAge();

        /** Ancestors of each branch kept however old, for a table that stopped receiving records. */
        @WithDefault("10")
        int minSnapshotsToKeep();
    }

    interface Compaction {
        /** The size rewritten files aim at when the table does not set write.target-file-size-bytes. */
        @WithDefault("134217728")
        long targetFileSizeBytes();

        /** A data file below this fraction of the target size is small. */
        @WithDefault("0.75")
        double smallFileRatio();

        /** A partition is compacted once it has this many small files. */
        @WithDefault("5")
        int minSmallFiles();

        /** At most this many files are rewritten per table and pass, so a pass stays short on 2 cores. */
        @WithDefault("2000")
        int maxFilesPerRun();
    }

    interface Manifests {
        /** The current snapshot's manifests are rewritten once it has more than this many. */
        @WithDefault("50")
        int maxCount();
    }

    interface Orphans {
        /**
         * Unreferenced files younger than this are kept: they may belong to a batch or commit in flight. Never less
         * than 1h.
         */
        @WithDefault("24h")
        Duration olderThan();

        /** How often one table's storage is listed for orphans. */
        @WithDefault("24h")
        Duration interval();
    }

    /** The platform's default policy; throws when a value is out of range (an orphan age under 1h). */
    default MaintenancePolicy policy() {
        return new MaintenancePolicy(
                expire().maxSnapshotAge(),
                expire().minSnapshotsToKeep(),
                compaction().targetFileSizeBytes(),
                compaction().smallFileRatio(),
                compaction().minSmallFiles(),
                compaction().maxFilesPerRun(),
                manifests().maxCount(),
                orphans().olderThan());
    }
}
