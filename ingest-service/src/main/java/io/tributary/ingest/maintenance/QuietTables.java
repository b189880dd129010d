package io.tributary.ingest.maintenance;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The tables a maintenance pass may leave alone: nothing was committed to them since their last run, and nothing
 * becomes due with time before the moment that run set. A platform holds thousands of tables that receive nothing
 * for hours; loading each one and planning its scans on every pass cost CPU the ingest path shares.
 *
 * <p>Changes come from the catalog's events ({@link #changed}). When events may have been missed (a reconnection,
 * a consumer that had to start over), {@link #forgetAll} makes every table due again. A table marked changed while
 * its run was in progress is not quiet after it: {@link #mark} and {@link #quiet} compare a count of changes taken
 * before the run.
 */
public final class QuietTables {

    private record Quiet(Instant until, long changes, long epoch) {}

    private final Map<TableIdentifier, Long> changes = new ConcurrentHashMap<>();
    private final Map<TableIdentifier, Quiet> quiet = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private volatile boolean followed;

    /**
     * Whether the catalog's changes are heard at all. While they are not, no table is quiet; a change either way
     * makes every table due, since changes may have been missed meanwhile.
     */
    public void followed(boolean followed) {
        this.followed = followed;
        forgetAll();
    }

    /** Something was committed to {@code table}, or its definition changed. */
    public void changed(TableIdentifier table) {
        changes.merge(table, 1L, Long::sum);
    }

    /** Events may have been missed: every table is due again. */
    public void forgetAll() {
        epoch.incrementAndGet();
        quiet.clear();
    }

    /** Taken before a table's run and handed to {@link #quiet} after it. */
    public Mark mark(TableIdentifier table) {
        return new Mark(changes.getOrDefault(table, 0L), epoch.get());
    }

    /** What {@link #mark} saw. */
    public record Mark(long changes, long epoch) {}

    /** The run that began at {@code mark} left nothing to do on {@code table} until {@code until}. */
    public void quiet(TableIdentifier table, Mark mark, Instant until) {
        quiet.put(table, new Quiet(until, mark.changes(), mark.epoch()));
    }

    /** The table must be looked at on the next pass (its run failed, or it is gone). */
    public void due(TableIdentifier table) {
        quiet.remove(table);
    }

    /** Whether a pass at {@code now} may leave {@code table} alone. */
    public boolean isQuiet(TableIdentifier table, Instant now) {
        Quiet q = quiet.get(table);
        return followed
                && q != null
                && now.isBefore(q.until())
                && q.epoch() == epoch.get()
                && q.changes() == changes.getOrDefault(table, 0L);
    }
}
