package io.tributary.catalog.core.lineage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Prunes what lineage keeps per execution, runs and raw events, once older than the retention age, in small batches
 * (each its own transaction) so graph reads and event writes never wait behind a long delete. Datasets, jobs, fields
 * and edges stay: the graph keeps its shape after its history is gone. A job's latest run is never pruned.
 */
public final class LineageRetention {

    /** Deletes at most {@code limit} rows older than {@code before}, returning how many it deleted. */
    public interface Store {
        int pruneEvents(Instant before, int limit);

        int pruneRuns(Instant before, int limit);
    }

    /** What one prune removed, and the cut-off it used. */
    public record Pruned(Instant before, long events, long runs) {}

    private final Store store;
    private final Clock clock;

    public LineageRetention(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Prunes everything older than {@code maxAge} from now. */
    public Pruned prune(Duration maxAge, int batchSize) {
        return pruneBefore(clock.instant().minus(maxAge), batchSize);
    }

    public Pruned pruneBefore(Instant before, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        long events = 0;
        for (int n; (n = store.pruneEvents(before, batchSize)) > 0; ) {
            events += n;
            if (n < batchSize) {
                break;
            }
        }
        long runs = 0;
        for (int n; (n = store.pruneRuns(before, batchSize)) > 0; ) {
            runs += n;
            if (n < batchSize) {
                break;
            }
        }
        return new Pruned(before, events, runs);
    }
}
