package io.tributary.query.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.query.engine.duckdb.DuckDbSqlParser;
import io.tributary.query.testing.RecordingAuditSink;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CheckRunnerTest {

    private static DuckDbSqlParser parser;
    private static ScheduledExecutorService timers;

    @BeforeAll
    static void start() {
        parser = new DuckDbSqlParser(new ObjectMapper());
        timers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() {
        parser.close();
        timers.shutdownNow();
    }

    private static final TableName TABLE = new TableName("ns", "t");

    private static final CheckPlanner PLANNER = (caller, table, snapshotId, after) -> {
        TablePlan plan = new TablePlan(table, 7L, List.of(), List.of(), null, new TablePlan.PlanStats(0, 0, 0));
        return new CheckPlanner.CheckPlans(plan, plan, 6L, true);
    };

    /** A query named "slow" runs until it is cancelled; every other one answers one row at once. */
    private static final class SlowEngine implements SnapshotSql, SnapshotSql.Session {
        final CountDownLatch cancelled = new CountDownLatch(1);

        @Override
        public Session open(Map<TableName, TablePlan> relations) {
            assertThat(relations).containsOnlyKeys(CheckSql.TABLE, CheckSql.NEW_ROWS);
            return this;
        }

        @Override
        public Rows run(String sql, int maxRows) {
            assertThat(sql).doesNotContain("{table}").contains("\"tributary_checks\".\"snapshot_rows\"");
            if (sql.contains("slow")) {
                try {
                    cancelled.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new QueryException(QueryException.Reason.CANCELLED, "interrupted");
            }
            return new Rows(List.of("n"), List.of(List.of(1L)), false);
        }

        @Override
        public void cancel() {
            cancelled.countDown();
        }

        @Override
        public void close() {}
    }

    private static CheckRunner runner(SnapshotSql engine, RecordingAuditSink audit, Duration timeout) {
        return new CheckRunner(
                new CheckSql(parser, new SqlInspector("lake")),
                PLANNER,
                engine,
                audit,
                timers,
                timeout,
                Clock.systemUTC(),
                () -> "id");
    }

    @Test
    void theTimeoutStopsTheRunningQueryAndSkipsTheRest() {
        RecordingAuditSink audit = new RecordingAuditSink();
        CheckAnswer answer = runner(new SlowEngine(), audit, Duration.ofMillis(200))
                .run(
                        new Caller("governance", java.util.Set.of(), "token"),
                        new CheckRequest(
                                TABLE,
                                null,
                                null,
                                List.of(
                                        new CheckRequest.Query("fast", "SELECT count(*) FROM {table} AS t"),
                                        new CheckRequest.Query("slow", "SELECT count(*) AS slow FROM {table} AS t"),
                                        new CheckRequest.Query("late", "SELECT count(*) FROM {new_rows} AS r")),
                                10));
        assertThat(answer.snapshotId()).isEqualTo(7L);
        assertThat(answer.newRows()).isEqualTo(new CheckAnswer.NewRows(6L, 0, true));
        assertThat(answer.results().get(0).rows()).containsExactly(List.of(1L));
        assertThat(answer.results().get(1).error()).contains("timeout of 200 ms");
        assertThat(answer.results().get(2).error()).startsWith("Not run");
        assertThat(audit.events()).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo(CheckRunner.ACTION);
            assertThat(event.details()).containsEntry("failedQueries", 2L).containsEntry("snapshotId", 7L);
        });
    }

    @Test
    void sqlThatReadsAnythingButThePlaceholdersIsRefusedBeforePlanning() {
        RecordingAuditSink audit = new RecordingAuditSink();
        CheckRunner runner = runner(new SlowEngine(), audit, Duration.ofSeconds(5));
        try {
            runner.run(
                    new Caller("governance", java.util.Set.of(), "token"),
                    new CheckRequest(
                            TABLE,
                            null,
                            null,
                            List.of(
                                    new CheckRequest.Query("a", "SELECT 1 FROM {table} t JOIN ns.other o ON true"),
                                    new CheckRequest.Query("b", "COPY (SELECT 1) TO '/tmp/x'"),
                                    new CheckRequest.Query("c", "SELECT * FROM {new_rows}; SELECT 1")),
                            10));
            throw new AssertionError("refused queries ran");
        } catch (InvalidRequestException e) {
            assertThat(e.faults())
                    .extracting(InvalidRequestException.Fault::pointer)
                    .containsExactly("/queries/0/sql", "/queries/1/sql", "/queries/2/sql");
            assertThat(e.faults().get(0).message()).contains("ns.other");
        }
        assertThat(audit.events())
                .singleElement()
                .extracting(AuditEvent::outcome)
                .isEqualTo("refused");
    }
}
