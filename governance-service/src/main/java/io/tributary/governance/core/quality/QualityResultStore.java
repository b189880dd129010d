package io.tributary.governance.core.quality;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.lake.SnapshotCommitted;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where rule results are kept, one set per evaluated snapshot. */
public interface QualityResultStore {

    /** Whether the snapshot of the table was evaluated already (on any branch). */
    boolean evaluated(TableRef table, long snapshotId);

    /** Whether the snapshot's newest evaluation found a {@code block} rule failing or in error; false if none. */
    boolean blocked(TableRef table, long snapshotId);

    /** The newest snapshot of the table's branch that was evaluated, other than {@code except}. */
    Optional<Long> lastEvaluated(TableRef table, String branch, long except);

    /**
     * Writes the verdict's results and its lineage event in one transaction.
     *
     * @return false when the snapshot was recorded already on that branch (nothing is written twice)
     */
    boolean record(SnapshotVerdict verdict, LineageEvent lineage);

    /**
     * The snapshots of the table's branch whose newest evaluation was blocked, oldest first: what write-audit-publish
     * kept off main.
     */
    List<Quarantined> quarantined(TableRef table, String branch);

    /**
     * Stores a new evaluation of a quarantined snapshot: its results (under the rules' new versions), its blocked flag,
     * and the lineage event (null when no rule is left, then only the flag is cleared).
     */
    void recheck(SnapshotVerdict verdict, LineageEvent lineage);

    /** A snapshot kept off main, and where its new rows started when it was first checked. */
    record Quarantined(SnapshotCommitted snapshot, Long newRowsAfter) {}

    /** An OpenLineage event and the Kafka key it goes out with (the job name). */
    record LineageEvent(UUID runId, String jobName, ObjectNode event) {}
}
