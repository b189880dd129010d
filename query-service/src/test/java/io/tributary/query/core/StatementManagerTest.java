package io.tributary.query.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.query.engine.duckdb.DuckDbSqlParser;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Paging, limits, cancellation, admission and audit of statements, with an engine that counts. */
class StatementManagerTest {

    private static DuckDbSqlParser parser;
    private static final Caller ADA = new Caller("ada", Set.of("data-analyst"), "token");
    private static final TableName T = new TableName("ns", "t");

    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void open() {
        parser = new DuckDbSqlParser(new ObjectMapper());
    }

    @AfterAll
    static void close() {
        parser.close();
    }

    /** An engine whose result is the numbers 0..rows-1, or that blocks until released when rows is negative. */
    private QueryEngine engine(int rows) {
        return new QueryEngine() {
            @Override
            public EngineKind kind() {
                return EngineKind.DUCKDB;
            }

            @Override
            public Execution start(GovernedStatement statement, CancelHook cancel) {
                AtomicInteger next = new AtomicInteger();
                return new Execution() {
                    volatile boolean cancelled;

                    @Override
                    public List<ResultColumn> columns() {
                        return List.of(new ResultColumn("n", "long", "BIGINT"));
                    }

                    @Override
                    public Object[] next() {
                        if (rows < 0) {
                            try {
                                while (!cancelled && !release.await(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                                    Thread.onSpinWait();
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            if (cancelled) {
                                throw new QueryException(QueryException.Reason.EXECUTION, "interrupted");
                            }
                            return null;
                        }
                        int n = next.getAndIncrement();
                        return n < rows ? new Object[] {(long) n} : null;
                    }

                    @Override
                    public void cancel() {
                        cancelled = true;
                    }

                    @Override
                    public void close() {}
                };
            }
        };
    }

    private StatementManager manager(int rows, long maxRows) {
        return manager(Map.of(EngineKind.DUCKDB, engine(rows)), EngineKind.AUTO, maxRows);
    }

    /** An engine that answers each statement's SQL as its one row, and keeps what it was given. */
    private static QueryEngine echo(EngineKind kind, List<GovernedStatement> seen) {
        return new QueryEngine() {
            @Override
            public EngineKind kind() {
                return kind;
            }

            @Override
            public Execution start(GovernedStatement statement, CancelHook cancel) {
                seen.add(statement);
                AtomicInteger next = new AtomicInteger();
                return new Execution() {
                    @Override
                    public List<ResultColumn> columns() {
                        return List.of(new ResultColumn("sql", "string", "varchar"));
                    }

                    @Override
                    public Object[] next() {
                        return next.getAndIncrement() == 0
                                ? new Object[] {statement.request().sql()}
                                : null;
                    }

                    @Override
                    public List<TableName> tables() {
                        return List.of(T);
                    }

                    @Override
                    public long bytesRead() {
                        return 99;
                    }

                    @Override
                    public void cancel() {}

                    @Override
                    public void close() {}
                };
            }
        };
    }

    private StatementManager manager(Map<EngineKind, QueryEngine> engines, EngineKind configured, long maxRows) {
        List<TablePlan.PlanColumn> columns = List.of(new TablePlan.PlanColumn(1, "n", "long", "BIGINT"));
        TablePlanner planner = new TablePlanner() {
            @Override
            public TablePlan plan(Caller caller, TableName table, AsOf.Point asOf, List<ColumnPredicate> prune) {
                return new TablePlan(table, 7L, columns, List.of(), null, new TablePlan.PlanStats(0, 0, 0));
            }

            @Override
            public List<TablePlan.PlanColumn> columns(Caller caller, TableName table, AsOf.Point asOf) {
                return columns;
            }
        };
        DecisionSource decisions = (caller, engine, tables) -> Map.of(
                T, new TableAccess(T, true, null, List.of(TableAccess.ColumnAccess.plain("n")), null, List.of()));
        StatementPlanner statementPlanner = new StatementPlanner(parser, new SqlInspector("lake"), planner, decisions);
        EngineSelector selector = new EngineSelector(engines, configured, Long.MAX_VALUE);
        StatementLimits limits = new StatementLimits(
                3,
                maxRows,
                1 << 20,
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                2,
                Duration.ofSeconds(2),
                Duration.ofMinutes(1));
        AtomicInteger ids = new AtomicInteger();
        return new StatementManager(
                statementPlanner,
                selector,
                limits,
                Executors.newCachedThreadPool(),
                Executors.newSingleThreadScheduledExecutor(),
                audited::add,
                Clock.systemUTC(),
                () -> "s" + ids.incrementAndGet());
    }

    private static StatementRequest sql(String sql) {
        return new StatementRequest(sql, EngineKind.AUTO, AsOf.CURRENT, null, null);
    }

    /** A statement is audited as it ends, on its own thread, just after its last page is handed out. */
    private void awaitAudited(int events) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (audited.size() < events && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<Object> drain(Statement statement) {
        List<Object> values = new ArrayList<>();
        for (int index = 0; index < 100; index++) {
            Page page = statement.page(index, Duration.ofSeconds(5));
            assertThat(page).isNotNull();
            page.rows().forEach(row -> values.add(row[0]));
            if (page.last()) {
                return values;
            }
        }
        throw new AssertionError("never finished");
    }

    @Test
    void pagesAreHandedOutInOrderAndTheLastCanBeAskedForAgain() {
        StatementManager manager = manager(7, 100);
        Statement statement = manager.submit(ADA, sql("SELECT n FROM ns.t"), Statement.Mode.PAGED);
        assertThat(drain(statement)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(statement.page(2, Duration.ofMillis(10)).rows()).hasSize(1);
        assertThatThrownBy(() -> statement.page(0, Duration.ofMillis(10)))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.PAGE_GONE));
        assertThat(statement.stats().snapshots()).containsEntry("ns.t", 7L);
    }

    @Test
    void theRequestsMaxRowsCutsTheResultAndTheServicesLimitFailsIt() {
        StatementManager manager = manager(7, 5);
        Statement cut = manager.submit(
                ADA,
                new StatementRequest("SELECT n FROM ns.t", EngineKind.AUTO, AsOf.CURRENT, 4L, null),
                Statement.Mode.PAGED);
        assertThat(drain(cut)).hasSize(4);
        assertThat(cut.stats().truncated()).isTrue();

        Statement tooLarge = manager.submit(ADA, sql("SELECT n FROM ns.t"), Statement.Mode.PAGED);
        assertThatThrownBy(() -> drain(tooLarge))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.TOO_LARGE));
        assertThat(audited).anySatisfy(event -> assertThat(event.outcome()).isEqualTo("failed"));
    }

    @Test
    void aPrincipalRunsAtMostItsLimitAndCancelFreesASlot() throws InterruptedException {
        StatementManager manager = manager(-1, 100);
        Statement first = manager.submit(ADA, sql("SELECT n FROM ns.t"), Statement.Mode.PAGED);
        manager.submit(ADA, sql("SELECT n FROM ns.t"), Statement.Mode.PAGED);
        assertThatThrownBy(() -> manager.submit(ADA, sql("SELECT 1"), Statement.Mode.PAGED))
                .isInstanceOfSatisfying(
                        QueryException.class,
                        e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.TOO_MANY_STATEMENTS));
        manager.cancel(ADA, first.id());
        for (int i = 0; i < 200 && !first.state().terminal(); i++) {
            Thread.sleep(10);
        }
        assertThat(first.state()).isEqualTo(StatementState.CANCELLED);
        assertThatThrownBy(() -> first.page(0, Duration.ofMillis(10)))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.CANCELLED));
        assertThat(manager.submit(ADA, sql("SELECT 1"), Statement.Mode.PAGED)).isNotNull();
        assertThat(audited).anySatisfy(event -> assertThat(event.outcome()).isEqualTo("cancelled"));
        release.countDown();
    }

    @Test
    void anotherPrincipalsStatementIsUnknown() {
        StatementManager manager = manager(1, 100);
        Statement statement = manager.submit(ADA, sql("SELECT 1"), Statement.Mode.PAGED);
        Caller other = new Caller("bob", Set.of(), "t");
        assertThatThrownBy(() -> manager.get(other, statement.id()))
                .isInstanceOfSatisfying(
                        QueryException.class,
                        e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.UNKNOWN_STATEMENT));
    }

    @Test
    void writesGoToTrinoUnderAutoAndStayRefusedUnderDuckdb() {
        List<GovernedStatement> duckdb = new CopyOnWriteArrayList<>();
        List<GovernedStatement> trino = new CopyOnWriteArrayList<>();
        StatementManager manager = manager(
                Map.of(
                        EngineKind.DUCKDB,
                        echo(EngineKind.DUCKDB, duckdb),
                        EngineKind.TRINO,
                        echo(EngineKind.TRINO, trino)),
                EngineKind.AUTO,
                100);
        String insert = "INSERT INTO ns.t SELECT n FROM ns.t";
        Statement write = manager.submit(ADA, sql(insert), Statement.Mode.PAGED);
        assertThat(drain(write)).containsExactly(insert);
        assertThat(write.stats().engine()).isEqualTo("trino");
        assertThat(write.stats().bytes()).isEqualTo(99);
        assertThat(trino)
                .singleElement()
                .satisfies(statement -> assertThat(statement.plans()).isEmpty());
        awaitAudited(1);
        assertThat(audited).singleElement().satisfies(event -> {
            assertThat(event.engine()).isEqualTo("trino");
            assertThat(event.tables()).containsExactly("ns.t");
            assertThat(event.outcome()).isEqualTo("succeeded");
        });

        Statement read = manager.submit(ADA, sql("SELECT n FROM ns.t"), Statement.Mode.PAGED);
        drain(read);
        assertThat(read.stats().engine()).isEqualTo("duckdb");
        assertThat(duckdb).hasSize(1);

        assertThatThrownBy(() -> manager.submit(
                        ADA,
                        new StatementRequest(insert, EngineKind.DUCKDB, AsOf.CURRENT, null, null),
                        Statement.Mode.PAGED))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(QueryException.Reason.NOT_ALLOWED);
                    assertThat(e.getMessage()).contains("INSERT");
                });
        // What the embedded inspection refuses for other reasons stays refused under auto.
        assertThatThrownBy(() -> manager.submit(ADA, sql("SELECT * FROM read_parquet('/x')"), Statement.Mode.PAGED))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.NOT_ALLOWED));
        assertThat(trino).hasSize(1);
    }

    @Test
    void engineTrinoSendsTheStatementAsWrittenWithoutTheEmbeddedParser() {
        List<GovernedStatement> trino = new CopyOnWriteArrayList<>();
        StatementManager manager = manager(
                Map.of(EngineKind.DUCKDB, engine(1), EngineKind.TRINO, echo(EngineKind.TRINO, trino)),
                EngineKind.AUTO,
                100);
        String sql = "SELECT * FROM ns.t FOR VERSION AS OF 7";
        Statement statement = manager.submit(
                ADA, new StatementRequest(sql, EngineKind.TRINO, AsOf.CURRENT, null, null), Statement.Mode.PAGED);
        assertThat(drain(statement)).containsExactly(sql);
        assertThat(trino).singleElement().satisfies(governed -> {
            assertThat(governed.caller().principal()).isEqualTo("ada");
            assertThat(governed.inspection().tables()).isEmpty();
        });
    }

    @Test
    void withoutTrinoAWriteUnderAutoIsRefusedAsBefore() {
        StatementManager manager = manager(1, 100);
        assertThatThrownBy(() -> manager.submit(ADA, sql("DELETE FROM ns.t"), Statement.Mode.PAGED))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(QueryException.Reason.NOT_ALLOWED);
                    assertThat(e.getMessage())
                            .isEqualTo("Only SELECT statements run here; this is a DELETE statement.");
                });
    }

    @Test
    void refusedStatementsAreAuditedAndNeverStart() {
        StatementManager manager = manager(1, 100);
        assertThatThrownBy(() -> manager.submit(ADA, sql("COPY ns.t TO 'x'"), Statement.Mode.PAGED))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.NOT_ALLOWED));
        assertThat(audited).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo("refused");
            assertThat(event.sqlHash()).isEqualTo(StatementManager.sha256("COPY ns.t TO 'x'"));
        });
    }
}
