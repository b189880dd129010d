package io.tributary.query.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs statements: admits them within each principal's concurrency limit, plans and starts them on a worker, hands
 * their results out page by page or as one stream, stops them on cancel, timeout or abandonment, and audits each one.
 */
public final class StatementManager {

    private final StatementPlanner planner;
    private final EngineSelector selector;
    private final StatementLimits limits;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final AuditSink audit;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Map<String, Statement> statements = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    public StatementManager(
            StatementPlanner planner,
            EngineSelector selector,
            StatementLimits limits,
            ExecutorService workers,
            ScheduledExecutorService timers,
            AuditSink audit,
            Clock clock,
            Supplier<String> ids) {
        this.planner = planner;
        this.selector = selector;
        this.limits = limits;
        this.workers = workers;
        this.timers = timers;
        this.audit = audit;
        this.clock = clock;
        this.ids = ids;
        long sweep = Math.max(1, Math.min(limits.idleTimeout().toSeconds(), 10));
        timers.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.SECONDS);
    }

    public StatementLimits limits() {
        return limits;
    }

    /**
     * Admits and starts a statement.
     *
     * @throws QueryException {@link QueryException.Reason#TOO_MANY_STATEMENTS} when the caller runs as many as allowed,
     *                        {@link QueryException.Reason#INVALID_REQUEST} for limits beyond the service's
     */
    public Statement submit(Caller caller, StatementRequest request, Statement.Mode mode) {
        Duration timeout = timeout(request);
        boolean direct;
        try {
            selector.preliminary(request);
            direct = direct(request);
        } catch (QueryException e) {
            audit.record(refusal(caller, request, e));
            throw e;
        }
        if (request.maxRows() != null && (request.maxRows() < 0 || request.maxRows() > limits.maxResultRows())) {
            throw new QueryException(
                    QueryException.Reason.TOO_LARGE, "max-rows must be between 0 and " + limits.maxResultRows() + ".");
        }
        AtomicInteger count = running.computeIfAbsent(caller.principal(), key -> new AtomicInteger());
        if (count.incrementAndGet() > limits.maxConcurrent()) {
            count.decrementAndGet();
            throw new QueryException(
                    QueryException.Reason.TOO_MANY_STATEMENTS,
                    caller.principal() + " runs " + limits.maxConcurrent()
                            + " statements already; retry when one has finished.");
        }
        Statement statement = new Statement(ids.get(), caller, request, mode, clock.instant());
        statements.put(statement.id(), statement);
        ScheduledFuture<?> timer = timers.schedule(
                () -> statement.stop(new QueryException(
                        QueryException.Reason.TIMED_OUT,
                        "The statement ran longer than its timeout of " + timeout.toMillis() + " ms.")),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            workers.execute(() -> run(statement, timer, direct));
        } catch (RejectedExecutionException e) {
            timer.cancel(false);
            statements.remove(statement.id());
            count.decrementAndGet();
            throw new QueryException(
                    QueryException.Reason.TOO_MANY_STATEMENTS,
                    "The service runs as many statements" + " as it can; retry shortly.");
        }
        return statement;
    }

    /**
     * Whether the statement goes to Trino as written (engine trino; under auto, one the embedded parser refuses as not
     * a SELECT); otherwise it has passed the embedded engine's inspection.
     */
    private boolean direct(StatementRequest request) {
        if (selector.direct(request)) {
            return true;
        }
        try {
            planner.inspect(request);
            return false;
        } catch (NonSelectException e) {
            if (selector.nonSelectGoesToTrino(request)) {
                return true;
            }
            throw e;
        }
    }

    /** The caller's statement; another principal's statement is as unknown as one that never existed. */
    public Statement get(Caller caller, String id) {
        Statement statement = statements.get(id);
        if (statement == null || !statement.caller().principal().equals(caller.principal())) {
            throw new QueryException(
                    QueryException.Reason.UNKNOWN_STATEMENT,
                    "No statement " + id + " (it finished long ago, or never existed).");
        }
        statement.touch();
        return statement;
    }

    public Statement cancel(Caller caller, String id) {
        Statement statement = get(caller, id);
        statement.stop(new QueryException(
                QueryException.Reason.CANCELLED, "The statement was cancelled by " + caller.principal() + "."));
        return statement;
    }

    /** Ends a streamed statement once its answer has been written, or has failed. */
    public void streamEnded(Statement statement, RuntimeException failure, long rows, long bytes, boolean truncated) {
        statement.counted(rows, bytes, truncated);
        finish(statement, failure == null ? null : asQueryException(statement, failure));
    }

    /** Reads rows within the request's and the service's limits. */
    public RowReader reader(Statement statement) {
        QueryEngine.Execution execution = statement.execution();
        long cap = statement.request().maxRows() == null
                ? Long.MAX_VALUE
                : statement.request().maxRows();
        return new RowReader(statement, execution, cap, limits.maxResultRows(), limits.maxResultBytes());
    }

    private void run(Statement statement, ScheduledFuture<?> timer, boolean direct) {
        QueryException failure = null;
        boolean handedToStream = false;
        try {
            statement.setState(StatementState.RUNNING);
            GovernedStatement governed;
            QueryEngine engine;
            if (direct) {
                governed = GovernedStatement.direct(statement.caller(), statement.request());
                engine = selector.trino();
            } else {
                EngineSelector.Choice choice = selector.preliminary(statement.request());
                governed = planner.prepare(statement.caller(), statement.request(), choice.kind());
                engine = selector.choose(statement.request(), governed);
            }
            statement.running(governed, engine.kind().id());
            statement.started(engine.start(governed, statement::onCancel));
            if (statement.mode() == Statement.Mode.STREAM) {
                handedToStream = true;
                statement.streamReady();
                return;
            }
            RowReader reader = reader(statement);
            int index = 0;
            while (true) {
                List<Object[]> rows = new ArrayList<>();
                Object[] row = null;
                while (rows.size() < limits.pageRows() && (row = reader.next()) != null) {
                    rows.add(row);
                }
                boolean last = row == null;
                statement.counted(reader.rows(), reader.bytes(), reader.truncated());
                if (!statement.offer(new Page(index++, rows, last), limits.idleTimeout())) {
                    throw statement.stopCause();
                }
                if (last) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            failure = asQueryException(statement, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new QueryException(QueryException.Reason.CANCELLED, "The service is stopping.");
        } finally {
            timer.cancel(false);
            if (!handedToStream || failure != null) {
                finish(statement, failure);
            }
        }
    }

    /** A stop (cancel, timeout) wins over the engine error it caused. */
    private static QueryException asQueryException(Statement statement, RuntimeException e) {
        QueryException stop = statement.stopCause();
        if (stop != null) {
            return stop;
        }
        if (e instanceof QueryException query) {
            return query;
        }
        return new QueryException(QueryException.Reason.EXECUTION, "The statement failed: " + e.getMessage(), e);
    }

    private void finish(Statement statement, QueryException failure) {
        if (!statement.markFinished()) {
            return;
        }
        QueryEngine.Execution execution = statement.execution();
        if (execution != null) {
            try {
                execution.close();
            } catch (RuntimeException e) {
                // the result is done with either way
            }
        }
        StatementState state = failure == null
                ? StatementState.FINISHED
                : failure.reason() == QueryException.Reason.CANCELLED
                        ? StatementState.CANCELLED
                        : StatementState.FAILED;
        statement.ended(state, failure);
        AtomicInteger count = running.get(statement.caller().principal());
        if (count != null) {
            count.decrementAndGet();
        }
        audit.record(auditEvent(statement, failure));
    }

    private AuditEvent auditEvent(Statement statement, QueryException failure) {
        StatementStats stats = statement.stats();
        GovernedStatement governed = statement.governed();
        List<String> tables = new ArrayList<>();
        Set<String> columns = new TreeSet<>();
        if (governed != null) {
            governed.plans().keySet().forEach(table -> tables.add(table.toString()));
            QueryEngine.Execution execution = statement.execution();
            if (tables.isEmpty() && execution != null) {
                execution.tables().forEach(table -> tables.add(table.toString()));
            }
            governed.access()
                    .values()
                    .forEach(access -> access.columns().forEach(column -> {
                        if (governed.inspection().star()
                                || governed.inspection()
                                        .columnRefs()
                                        .contains(column.name().toLowerCase(java.util.Locale.ROOT))) {
                            columns.add(access.table() + "." + column.name());
                        }
                    }));
        }
        String outcome = failure == null
                ? "succeeded"
                : switch (failure.reason()) {
                    case CANCELLED -> "cancelled";
                    case TIMED_OUT -> "timed-out";
                    case ACCESS_DENIED -> "denied";
                    case NOT_ALLOWED -> "refused";
                    default -> "failed";
                };
        String sql = statement.request().sql();
        return new AuditEvent(
                AuditEvent.ACTION,
                statement.id(),
                statement.caller().principal(),
                sql,
                sha256(sql),
                tables,
                List.copyOf(columns),
                stats.masks(),
                stats.filters(),
                stats.engine(),
                stats.rows(),
                statement.resultBytes(),
                stats.elapsedMs(),
                outcome,
                failure == null ? null : failure.getMessage(),
                clock.instant(),
                Map.of());
    }

    private AuditEvent refusal(Caller caller, StatementRequest request, QueryException failure) {
        String outcome = failure.reason() == QueryException.Reason.NOT_ALLOWED ? "refused" : "failed";
        return new AuditEvent(
                AuditEvent.ACTION,
                null,
                caller.principal(),
                request.sql(),
                sha256(request.sql()),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                null,
                0,
                0,
                0,
                outcome,
                failure.getMessage(),
                clock.instant(),
                Map.of());
    }

    private Duration timeout(StatementRequest request) {
        if (request.timeout() == null) {
            return limits.defaultTimeout();
        }
        if (request.timeout().isNegative()
                || request.timeout().isZero()
                || request.timeout().compareTo(limits.maxTimeout()) > 0) {
            throw new QueryException(
                    QueryException.Reason.INVALID_REQUEST,
                    "timeout-ms must be between 1 and " + limits.maxTimeout().toMillis() + ".");
        }
        return request.timeout();
    }

    /** Stops statements nobody reads any more and forgets finished ones after the idle timeout. */
    void sweep() {
        long idle = limits.idleTimeout().toNanos();
        statements.values().forEach(statement -> {
            if (statement.idleNanos() <= idle) {
                return;
            }
            if (!statement.ended()) {
                QueryException abandoned = new QueryException(
                        QueryException.Reason.CANCELLED,
                        "The statement was" + " cancelled: its result was not read for "
                                + limits.idleTimeout().toSeconds() + " s.");
                statement.stop(abandoned);
                if (statement.mode() == Statement.Mode.STREAM && statement.execution() != null) {
                    // Its answer never came to read it: nothing else will end it.
                    finish(statement, abandoned);
                }
            } else {
                statements.remove(statement.id());
            }
        });
    }

    static String sha256(String text) {
        return Sha256.hex(text);
    }

    /** Rows of a result within its limits: the caller's cap cuts it, the service's limits fail it. */
    public static final class RowReader {
        private final Statement statement;
        private final QueryEngine.Execution execution;
        private final long cap;
        private final long maxRows;
        private final long maxBytes;
        private long rows;
        private long bytes;
        private boolean truncated;
        private boolean done;

        RowReader(Statement statement, QueryEngine.Execution execution, long cap, long maxRows, long maxBytes) {
            this.statement = statement;
            this.execution = execution;
            this.cap = cap;
            this.maxRows = maxRows;
            this.maxBytes = maxBytes;
        }

        public Object[] next() {
            if (done) {
                return null;
            }
            // A result being read is not abandoned, however long it takes.
            statement.touch();
            Object[] row = execution.next();
            if (row == null) {
                done = true;
                return null;
            }
            if (rows >= cap) {
                truncated = true;
                done = true;
                return null;
            }
            rows++;
            if (rows > maxRows) {
                throw new QueryException(
                        QueryException.Reason.TOO_LARGE,
                        "The result has more than " + maxRows
                                + " rows, the most a statement may return; aggregate, filter or set max-rows.");
            }
            for (Object value : row) {
                bytes += ResultValues.estimateBytes(value);
            }
            if (bytes > maxBytes) {
                throw new QueryException(
                        QueryException.Reason.TOO_LARGE,
                        "The result is larger than " + maxBytes
                                + " bytes, the most a statement may return; aggregate, filter or set max-rows.");
            }
            return row;
        }

        public long rows() {
            return rows;
        }

        public long bytes() {
            return bytes;
        }

        public boolean truncated() {
            return truncated;
        }
    }
}
