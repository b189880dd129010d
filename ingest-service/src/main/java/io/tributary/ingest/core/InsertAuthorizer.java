package io.tributary.ingest.core;

/**
 * Decides whether a caller may insert records into a table (an INSERT grant). The caller already holds the
 * {@code data-producer} role; this is the per-table decision. {@code tributary.ingest.authorization.kind} picks
 * the implementation: governance's INSERT decision (which reads the contract's producers as grants) or the
 * contract's producer list alone.
 */
public interface InsertAuthorizer {

    /** @throws DecisionUnavailableException when whoever decides cannot be asked; the request must not proceed */
    Decision decide(Caller caller, IngestContract contract);

    /**
     * Says whether the events that change decisions (grants, contracts) are being followed: while they are, decisions
     * may be reused longer, since each change drops them through {@link #invalidate} or {@link #invalidateAll}.
     */
    default void changesFollowed(boolean followed) {}

    /** The table's contract (its producers) changed, or the table went: its decisions are asked again. */
    default void invalidate(TableId table) {}

    /** Grants may have changed anywhere (events may have been missed, a table was renamed). */
    default void invalidateAll() {}

    /** Governance announced a policy change at {@code revision} (-1 when the event did not say). */
    default void policyChanged(long revision) {
        invalidateAll();
    }

    /** @param reason why the caller may not insert; null when allowed */
    record Decision(boolean allowed, String reason) {
        public static final Decision ALLOW = new Decision(true, null);

        public static Decision deny(String reason) {
            return new Decision(false, reason);
        }
    }

    /** Thrown when the decision cannot be had (governance unreachable): the records are refused, never let through. */
    class DecisionUnavailableException extends RuntimeException {
        private final TableId table;

        public DecisionUnavailableException(TableId table, String message, Throwable cause) {
            super(message, cause);
            this.table = table;
        }

        public TableId table() {
            return table;
        }
    }

    /** Thrown when the caller holds no INSERT grant on the table. */
    class InsertDeniedException extends RuntimeException {
        private final TableId table;
        private final String principal;

        public InsertDeniedException(TableId table, String principal, String reason) {
            super(reason);
            this.table = table;
            this.principal = principal;
        }

        public TableId table() {
            return table;
        }

        public String principal() {
            return principal;
        }
    }
}
