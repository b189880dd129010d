package io.tributary.ingest.maintenance;

import java.util.Arrays;
import java.util.Optional;

/** The table maintenance actions, in the order a run performs them. */
public enum MaintenanceAction {
    /** Small data files of a partition rewritten into fewer files: first, so the replaced files expire in this run. */
    COMPACT("compact"),
    REWRITE_MANIFESTS("rewrite-manifests"),
    EXPIRE_SNAPSHOTS("expire-snapshots"),
    /** Last: the files expiry just deleted are no longer listed. */
    REMOVE_ORPHANS("remove-orphans");

    /** The snapshot summary property naming the action that committed a snapshot. */
    public static final String SUMMARY_PROPERTY = "tributary.maintenance.action";

    private final String wireName;

    MaintenanceAction(String wireName) {
        this.wireName = wireName;
    }

    /** The name in requests, answers and metrics. */
    public String wireName() {
        return wireName;
    }

    public static Optional<MaintenanceAction> byWireName(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
    }
}
