package io.tributary.query.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs a batch of checks on one snapshot: validates every query's SQL, plans the snapshot and its new rows, then runs
 * the queries one after another in one sandboxed session, within one timeout for the whole batch. A query's own
 * failure is its result's error; the others still run. Each batch is audited once.
 */
public final class CheckRunner {

    /** The audit action of a batch of checks. */
    public static final String ACTION = "query.checks.run";

    private final CheckSql sql;
    private final CheckPlanner planner;
    private final SnapshotSql engine;
    private final AuditSink audit;
    private final ScheduledExecutorService timers;
    private final Duration timeout;
    private final Clock clock;
    private final Supplier<String> ids;

    public CheckRunner(
            CheckSql sql,
            CheckPlanner planner,
            SnapshotSql engine,
            AuditSink audit,
            ScheduledExecutorService timers,
            Duration timeout,
            Clock clock,
            Supplier<String> ids) {
        this.sql = sql;
        this.planner = planner;
        this.engine = engine;
        this.audit = audit;
        this.timers = timers;
        this.timeout = timeout;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * @throws QueryException {@link InvalidRequestException} for a query that may not run, and the planner's reasons
     *                        (unknown table or snapshot, catalog unavailable, a snapshot DuckDB cannot read exactly)
     */
    public CheckAnswer run(Caller caller, CheckRequest request) {
        String id = ids.get();
        long t0 = System.nanoTime();
        CheckPlanner.CheckPlans plans = null;
        try {
            sql.validate(request.queries());
            plans = planner.plan(caller, request.table(), request.snapshotId(), request.newRowsAfter());
            for (TablePlan plan : List.of(plans.table(), plans.newRows())) {
                if (plan.unsupported() != null) {
                    throw new QueryException(
                            QueryException.Reason.UNSUPPORTED,
                            "DuckDB cannot read " + request.table() + " exactly: " + plan.unsupported() + ".");
                }
            }
            CheckAnswer answer = new CheckAnswer(
                    request.table(),
                    plans.table().snapshotId(),
                    new CheckAnswer.NewRows(
                            plans.after(), plans.newRows().files().size(), plans.exact()),
                    runAll(plans, request));
            audit.record(event(id, caller, request, plans, answer.results(), null, t0));
            return answer;
        } catch (QueryException e) {
            audit.record(event(id, caller, request, plans, List.of(), e, t0));
            throw e;
        }
    }

    /** Audits a caller who may not run checks at all. */
    public void denied(Caller caller, String table, String reason) {
        audit.record(new AuditEvent(
                ACTION,
                ids.get(),
                caller.principal(),
                null,
                null,
                table == null ? List.of() : List.of(table),
                List.of(),
                List.of(),
                List.of(),
                null,
                0,
                0,
                0,
                "denied",
                reason,
                clock.instant(),
                Map.of()));
    }

    private List<CheckAnswer.Result> runAll(CheckPlanner.CheckPlans plans, CheckRequest request) {
        Map<TableName, TablePlan> relations = new LinkedHashMap<>();
        relations.put(CheckSql.TABLE, relation(plans.table(), CheckSql.TABLE));
        relations.put(CheckSql.NEW_ROWS, relation(plans.newRows(), CheckSql.NEW_ROWS));
        List<CheckAnswer.Result> results = new ArrayList<>();
        AtomicBoolean expired = new AtomicBoolean();
        try (SnapshotSql.Session session = engine.open(relations)) {
            ScheduledFuture<?> timer = timers.schedule(
                    () -> {
                        expired.set(true);
                        session.cancel();
                    },
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                for (CheckRequest.Query query : request.queries()) {
                    results.add(runOne(session, query, request.maxRows(), expired));
                }
            } finally {
                timer.cancel(false);
            }
        }
        return results;
    }

    private CheckAnswer.Result runOne(
            SnapshotSql.Session session, CheckRequest.Query query, int maxRows, AtomicBoolean expired) {
        if (expired.get()) {
            return CheckAnswer.Result.failed(
                    query.id(), "Not run: the checks' timeout of " + timeout.toMillis() + " ms had passed.", 0);
        }
        long start = System.nanoTime();
        try {
            SnapshotSql.Rows rows = session.run(CheckSql.rewrite(query.sql()), maxRows);
            return new CheckAnswer.Result(
                    query.id(), rows.columns(), rows.rows(), rows.truncated(), millisSince(start), null);
        } catch (QueryException e) {
            String error = expired.get() && e.reason() == QueryException.Reason.CANCELLED
                    ? "Stopped: the checks ran longer than their timeout of " + timeout.toMillis() + " ms."
                    : e.getMessage();
            return CheckAnswer.Result.failed(query.id(), error, millisSince(start));
        }
    }

    /** The plan under its relation's name, so that engine messages name the relation rather than the table. */
    private static TablePlan relation(TablePlan plan, TableName name) {
        return new TablePlan(
                name, plan.snapshotId(), plan.columns(), plan.files(), plan.unsupported(), plan.stats(), plan.byName());
    }

    private AuditEvent event(
            String id,
            Caller caller,
            CheckRequest request,
            CheckPlanner.CheckPlans plans,
            List<CheckAnswer.Result> results,
            QueryException failure,
            long t0) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(
                "snapshotId",
                plans == null ? request.snapshotId() : plans.table().snapshotId());
        details.put("newRowsAfter", plans == null ? request.newRowsAfter() : plans.after());
        details.put("queries", request.queries().size());
        details.put(
                "failedQueries", results.stream().filter(r -> r.error() != null).count());
        long rows = results.stream()
                .filter(r -> r.rows() != null)
                .mapToLong(r -> r.rows().size())
                .sum();
        long bytes = plans == null ? 0 : plans.table().bytes();
        String outcome = failure == null
                ? "succeeded"
                : failure.reason() == QueryException.Reason.INVALID_REQUEST ? "refused" : "failed";
        String text = String.join(
                ";\n", request.queries().stream().map(CheckRequest.Query::sql).toList());
        return new AuditEvent(
                ACTION,
                id,
                caller.principal(),
                text,
                Sha256.hex(text),
                List.of(request.table().toString()),
                List.of(),
                List.of(),
                List.of(),
                EngineKind.DUCKDB.id(),
                rows,
                bytes,
                millisSince(t0),
                outcome,
                failure == null ? null : failure.getMessage(),
                clock.instant(),
                details);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
