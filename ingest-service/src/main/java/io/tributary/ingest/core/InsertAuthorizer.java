package io.tributary.ingest.core;

/**
 * Decides whether a caller may insert records into a table (an INSERT grant). The caller already holds the
 * {@code data-producer} role; this is the per-table decision. {@code tributary.ingest.authorization.kind} picks
 * the implementation, so governance decisions can replace the contract's producer list without an API change.
 */
public interface InsertAuthorizer {

    Decision decide(Caller caller, IngestContract contract);

    /** @param reason why the caller may not insert; null when allowed */
    record Decision(boolean allowed, String reason) {
        public static final Decision ALLOW = new Decision(true, null);

        public static Decision deny(String reason) {
            return new Decision(false, reason);
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
