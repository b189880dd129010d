package io.tributary.governance.core.pii;

import io.tributary.governance.core.TableRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where PII proposals, their decisions and the tables' last scans are kept; every decision is audited with it. */
public interface ClassificationStore {

    enum Outcome {
        CREATED,
        /** a still-proposed one took the newer evidence */
        UPDATED,
        /** already decided: it stays as it is */
        UNCHANGED
    }

    record Proposed(Classification classification, Outcome outcome) {}

    /** A column + tag is proposed once: a new one is stored, a proposed one takes the newer evidence. */
    Proposed propose(TableRef table, String column, String tag, Classification.Evidence evidence, Instant at);

    Optional<Classification> find(UUID id);

    /**
     * Newest first (by id).
     *
     * @param before only those older than this id (the cursor of the previous page), or null
     */
    List<Classification> list(Optional<TableRef> table, Optional<Classification.Status> status, UUID before, int limit);

    /**
     * Accepts or rejects a proposal; deciding it again the same way changes nothing.
     *
     * @throws ClassificationNotFoundException when there is no such proposal
     * @throws ClassificationConflictException when it was decided the other way
     */
    Classification decide(
            UUID id, Classification.Status decision, String actor, String reason, boolean applied, Instant at);

    /** The last scan of a table that counted (saw enough values), if any. */
    record LastScan(long snapshotId, Instant at) {}

    Optional<LastScan> lastScan(TableRef table);

    void scanned(TableRef table, long snapshotId, Instant at);
}
