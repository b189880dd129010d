package io.tributary.query.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One statement and its result as it is produced. A paged statement hands its pages over through a small queue, so a
 * result is never held whole; a streamed one is read row by row by the answer that streams it.
 */
public final class Statement {

    /** How the result is read: in pages ({@code application/json}) or whole as one stream (NDJSON, CSV). */
    public enum Mode {
        PAGED,
        STREAM
    }

    private final String id;
    private final Caller caller;
    private final StatementRequest request;
    private final Mode mode;
    private final Instant created;
    private final long startNanos;
    private final BlockingQueue<Page> pages = new ArrayBlockingQueue<>(2);
    private final CompletableFuture<QueryEngine.Execution> streamReady = new CompletableFuture<>();
    private final AtomicReference<QueryException> stopCause = new AtomicReference<>();
    private final AtomicReference<Runnable> cancelAction = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();

    private volatile StatementState state = StatementState.QUEUED;
    private volatile QueryException error;
    private volatile List<ResultColumn> columns;
    private volatile GovernedStatement governed;
    private volatile String engine;
    private volatile QueryEngine.Execution execution;
    private volatile long rows;
    private volatile long bytes;
    private volatile boolean truncated;
    private volatile long endNanos;
    private volatile long lastAccessNanos;
    private int delivered;
    private Page lastPage;

    Statement(String id, Caller caller, StatementRequest request, Mode mode, Instant created) {
        this.id = id;
        this.caller = caller;
        this.request = request;
        this.mode = mode;
        this.created = created;
        this.startNanos = System.nanoTime();
        this.lastAccessNanos = startNanos;
    }

    public String id() {
        return id;
    }

    public Caller caller() {
        return caller;
    }

    public StatementRequest request() {
        return request;
    }

    public Mode mode() {
        return mode;
    }

    public Instant created() {
        return created;
    }

    public StatementState state() {
        return state;
    }

    /** Why the statement failed, was cancelled or timed out; null otherwise. */
    public QueryException error() {
        return error;
    }

    /** The result's columns once the engine has started; null before. */
    public List<ResultColumn> columns() {
        return columns;
    }

    public GovernedStatement governed() {
        return governed;
    }

    public StatementStats stats() {
        GovernedStatement g = governed;
        Map<String, Long> snapshots = new TreeMap<>();
        if (g != null) {
            g.plans().forEach((table, plan) -> snapshots.put(table.toString(), plan.snapshotId()));
        }
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        QueryEngine.Execution running = execution;
        long engineBytes = running == null ? -1 : running.bytesRead();
        return new StatementStats(
                engine,
                snapshots,
                g == null ? 0 : g.plannedFiles(),
                engineBytes >= 0 ? engineBytes : g == null ? 0 : g.plannedBytes(),
                rows,
                TimeUnit.NANOSECONDS.toMillis(end - startNanos),
                g == null ? List.of() : g.masksApplied(),
                g == null ? List.of() : g.filtersApplied(),
                truncated);
    }

    long resultBytes() {
        return bytes;
    }

    long idleNanos() {
        return System.nanoTime() - lastAccessNanos;
    }

    void touch() {
        lastAccessNanos = System.nanoTime();
    }

    void running(GovernedStatement statement, String engineName) {
        this.governed = statement;
        this.engine = engineName;
    }

    void started(QueryEngine.Execution started) {
        this.execution = started;
        this.columns = started.columns();
        QueryException stop = stopCause.get();
        if (stop != null) {
            started.cancel();
            throw stop;
        }
    }

    void setState(StatementState newState) {
        this.state = newState;
    }

    void counted(long rowCount, long byteCount, boolean cut) {
        this.rows = rowCount;
        this.bytes = byteCount;
        this.truncated = cut;
    }

    /** Stops the statement for {@code cause} (cancelled, timed out, abandoned); the first cause wins. */
    boolean stop(QueryException cause) {
        if (!stopCause.compareAndSet(null, cause)) {
            return false;
        }
        QueryEngine.Execution running = execution;
        if (running != null) {
            running.cancel();
        }
        Runnable action = cancelAction.get();
        if (action != null) {
            action.run();
        }
        pages.clear();
        streamReady.completeExceptionally(cause);
        return true;
    }

    /** Registers how to stop the engine while it starts; runs it at once if the statement is already stopped. */
    void onCancel(Runnable action) {
        cancelAction.set(action);
        if (stopCause.get() != null) {
            action.run();
        }
    }

    /** True exactly once: for whoever ends the statement first (its worker, its stream, or the sweeper). */
    boolean markFinished() {
        return finished.compareAndSet(false, true);
    }

    QueryException stopCause() {
        return stopCause.get();
    }

    void ended(StatementState finalState, QueryException failure) {
        this.error = failure;
        this.endNanos = System.nanoTime();
        this.state = finalState;
        if (failure != null) {
            pages.clear();
            streamReady.completeExceptionally(failure);
        }
    }

    boolean ended() {
        return endNanos != 0;
    }

    QueryEngine.Execution execution() {
        return execution;
    }

    /** Hands a page over, waiting while the caller has not read the ones before; false once stopped. */
    boolean offer(Page page, Duration idleTimeout) throws InterruptedException {
        while (!pages.offer(page, 200, TimeUnit.MILLISECONDS)) {
            if (stopCause.get() != null) {
                return false;
            }
            if (idleNanos() > idleTimeout.toNanos()) {
                stop(new QueryException(
                        QueryException.Reason.CANCELLED,
                        "The statement was cancelled: its result was not read for " + idleTimeout.toSeconds() + " s."));
                return false;
            }
        }
        return true;
    }

    void streamReady() {
        streamReady.complete(execution);
    }

    /**
     * Page {@code index}, waiting up to {@code wait} for it; the page last handed out can be asked for again.
     *
     * @return the page, or null while it is not ready
     */
    public synchronized Page page(int index, Duration wait) {
        touch();
        if (lastPage != null && index == lastPage.index()) {
            return lastPage;
        }
        if (index != delivered) {
            throw new QueryException(
                    QueryException.Reason.PAGE_GONE,
                    "Page " + index + " is not available: the next" + " page is " + delivered
                            + "; pages are read once, in order.");
        }
        long deadline = System.nanoTime() + wait.toNanos();
        Page page = null;
        try {
            // Short polls, so that a failure, cancel or timeout is answered at once rather than after the wait.
            while (page == null) {
                page = pages.poll(20, TimeUnit.MILLISECONDS);
                if (page != null) {
                    break;
                }
                QueryException failure = error != null ? error : stopCause.get();
                if (failure != null) {
                    throw failure;
                }
                if (System.nanoTime() > deadline) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        delivered++;
        lastPage = page;
        return page;
    }

    /** The running result for a streamed answer, once the engine has started. */
    public QueryEngine.Execution awaitStream(Duration wait) {
        try {
            return streamReady.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof QueryException failure) {
                throw failure;
            }
            throw new QueryException(QueryException.Reason.EXECUTION, "The statement failed.", e.getCause());
        } catch (TimeoutException e) {
            throw new QueryException(QueryException.Reason.TIMED_OUT, "The statement did not start in time.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException(QueryException.Reason.CANCELLED, "The statement was interrupted.");
        }
    }

    /** Whether every page has been handed out. */
    public synchronized boolean drained() {
        return lastPage != null && lastPage.last();
    }
}
