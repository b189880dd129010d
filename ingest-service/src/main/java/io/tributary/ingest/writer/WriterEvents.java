package io.tributary.ingest.writer;

import java.time.Instant;
import java.util.UUID;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jboss.logging.Logger;

/** What the lake writer reports as it works: metrics and lineage listen here. Every method must return quickly. */
public interface WriterEvents {

    /** A commit of {@code table} begins; {@code runId} (UUIDv7) names it in the events that follow. */
    default void commitStarted(TableIdentifier table, String topic, UUID runId, Instant at) {}

    default void committed(CommitReport report) {}

    /** The commit did not land (or could not be confirmed yet); its records will be written again. */
    default void commitFailed(TableIdentifier table, String topic, UUID runId, Instant at, Throwable error) {}

    /** Records that could not be converted to the table's schema went to the dead-letter topic. */
    default void deadLettered(TableIdentifier table, long records) {}

    /** Records of the table on Kafka that no snapshot holds yet. */
    default void lag(TableIdentifier table, long records) {}

    /** The table was opened (loaded from the catalog, its checkpoint read), or failed to, after {@code took}. */
    default void opened(TableIdentifier table, java.time.Duration took, boolean succeeded) {}

    /** Kafka moved partitions: {@code kind} is assigned, revoked or lost. */
    default void rebalanced(String kind, int partitions) {}

    /** Tables whose open or commit runs off the consume loop right now. */
    default void busyTables(int tables) {}

    /** Calls every listener in turn; one failing listener does not stop the others. */
    static WriterEvents all(WriterEvents... listeners) {
        return new WriterEvents() {
            @Override
            public void commitStarted(TableIdentifier table, String topic, UUID runId, Instant at) {
                each(l -> l.commitStarted(table, topic, runId, at));
            }

            @Override
            public void committed(CommitReport report) {
                each(l -> l.committed(report));
            }

            @Override
            public void commitFailed(TableIdentifier table, String topic, UUID runId, Instant at, Throwable error) {
                each(l -> l.commitFailed(table, topic, runId, at, error));
            }

            @Override
            public void deadLettered(TableIdentifier table, long records) {
                each(l -> l.deadLettered(table, records));
            }

            @Override
            public void lag(TableIdentifier table, long records) {
                each(l -> l.lag(table, records));
            }

            @Override
            public void opened(TableIdentifier table, java.time.Duration took, boolean succeeded) {
                each(l -> l.opened(table, took, succeeded));
            }

            @Override
            public void rebalanced(String kind, int partitions) {
                each(l -> l.rebalanced(kind, partitions));
            }

            @Override
            public void busyTables(int tables) {
                each(l -> l.busyTables(tables));
            }

            private void each(java.util.function.Consumer<WriterEvents> call) {
                for (WriterEvents listener : listeners) {
                    try {
                        call.accept(listener);
                    } catch (RuntimeException e) {
                        Logger.getLogger(WriterEvents.class).warn("A lake writer listener failed: " + e, e);
                    }
                }
            }
        };
    }
}
