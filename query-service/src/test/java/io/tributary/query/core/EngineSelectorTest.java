package io.tributary.query.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineSelectorTest {

    private static final TableName T = new TableName("ns", "t");

    private static QueryEngine engine(EngineKind kind) {
        return new QueryEngine() {
            @Override
            public EngineKind kind() {
                return kind;
            }

            @Override
            public Execution start(GovernedStatement statement, CancelHook cancel) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static GovernedStatement statement(String unsupported, long bytes) {
        TablePlan plan = new TablePlan(
                T,
                1L,
                List.of(),
                List.of(new TablePlan.DataFileScan("f", "f", bytes, 1, List.of())),
                unsupported,
                new TablePlan.PlanStats(1, 0, 0));
        return new GovernedStatement(
                new Caller("a", Set.of(), "t"),
                request(EngineKind.AUTO),
                new Inspection(Set.of(T), Set.of(), true),
                Map.of(T, plan),
                Map.of());
    }

    private static StatementRequest request(EngineKind kind) {
        return new StatementRequest("SELECT 1", kind, AsOf.CURRENT, null, null);
    }

    @Test
    void whatDuckDbCannotReadIsRefusedUnderDuckdbAndGoesToTrinoUnderAuto() {
        EngineSelector duckdbOnly =
                new EngineSelector(Map.of(EngineKind.DUCKDB, engine(EngineKind.DUCKDB)), EngineKind.AUTO, 100);
        assertThatThrownBy(() -> duckdbOnly.choose(request(EngineKind.DUCKDB), statement("deletion vectors", 1)))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(QueryException.Reason.UNSUPPORTED);
                    assertThat(e.getMessage()).contains("ns.t: deletion vectors");
                });
        EngineSelector both = new EngineSelector(
                Map.of(EngineKind.DUCKDB, engine(EngineKind.DUCKDB), EngineKind.TRINO, engine(EngineKind.TRINO)),
                EngineKind.AUTO,
                100);
        assertThat(both.choose(request(EngineKind.AUTO), statement("deletion vectors", 1))
                        .kind())
                .isEqualTo(EngineKind.TRINO);
        assertThat(both.choose(request(EngineKind.AUTO), statement(null, 101)).kind())
                .isEqualTo(EngineKind.TRINO);
        assertThat(both.choose(request(EngineKind.AUTO), statement(null, 100)).kind())
                .isEqualTo(EngineKind.DUCKDB);
        assertThatThrownBy(() -> both.choose(request(EngineKind.DUCKDB), statement("deletion vectors", 1)))
                .isInstanceOf(QueryException.class);
    }

    @Test
    void trinoByNameGoesAsWrittenAndWritesGoThereOnlyUnderAuto() {
        Map<EngineKind, QueryEngine> both =
                Map.of(EngineKind.DUCKDB, engine(EngineKind.DUCKDB), EngineKind.TRINO, engine(EngineKind.TRINO));
        EngineSelector auto = new EngineSelector(both, EngineKind.AUTO, 100);
        assertThat(auto.direct(request(EngineKind.TRINO))).isTrue();
        assertThat(auto.direct(request(EngineKind.AUTO))).isFalse();
        assertThat(auto.nonSelectGoesToTrino(request(EngineKind.AUTO))).isTrue();
        assertThat(auto.nonSelectGoesToTrino(request(EngineKind.DUCKDB))).isFalse();
        assertThat(auto.trino().kind()).isEqualTo(EngineKind.TRINO);
        // A service configured for DuckDB answers auto with DuckDB, writes refused; configured for Trino, it sends all.
        EngineSelector duckdbService = new EngineSelector(both, EngineKind.DUCKDB, 100);
        assertThat(duckdbService.nonSelectGoesToTrino(request(EngineKind.AUTO))).isFalse();
        assertThat(new EngineSelector(both, EngineKind.TRINO, 100).direct(request(EngineKind.AUTO)))
                .isTrue();
        EngineSelector duckdbOnly =
                new EngineSelector(Map.of(EngineKind.DUCKDB, engine(EngineKind.DUCKDB)), EngineKind.AUTO, 100);
        assertThat(duckdbOnly.direct(request(EngineKind.TRINO))).isFalse();
        assertThat(duckdbOnly.nonSelectGoesToTrino(request(EngineKind.AUTO))).isFalse();
    }

    @Test
    void trinoIsRefusedWhileItIsNotConfigured() {
        EngineSelector duckdbOnly =
                new EngineSelector(Map.of(EngineKind.DUCKDB, engine(EngineKind.DUCKDB)), EngineKind.AUTO, 100);
        assertThatThrownBy(() -> duckdbOnly.preliminary(request(EngineKind.TRINO)))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.UNSUPPORTED));
    }
}
