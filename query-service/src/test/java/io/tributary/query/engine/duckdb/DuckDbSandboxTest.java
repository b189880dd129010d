package io.tributary.query.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.query.core.AsOf;
import io.tributary.query.core.Caller;
import io.tributary.query.core.EngineKind;
import io.tributary.query.core.GovernedStatement;
import io.tributary.query.core.Inspection;
import io.tributary.query.core.QueryEngine;
import io.tributary.query.core.QueryException;
import io.tributary.query.core.StatementRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The second line of defence: even SQL that got past inspection runs in a DuckDB that opens no file but the planned
 * ones, loads nothing and cannot be reconfigured.
 */
class DuckDbSandboxTest {

    @TempDir
    Path spill;

    private QueryEngine.Execution run(String sql) {
        DuckDbEngine engine = new DuckDbEngine(new DuckDbSettings("256MB", 1, spill, "lake"));
        GovernedStatement statement = new GovernedStatement(
                new Caller("eve", Set.of(), "t"),
                new StatementRequest(sql, EngineKind.DUCKDB, AsOf.CURRENT, null, null),
                new Inspection(Set.of(), Set.of(), false),
                Map.of(),
                Map.of());
        QueryEngine.Execution execution = engine.start(statement, QueryEngine.CancelHook.NONE);
        try {
            while (execution.next() != null) {
                // drain
            }
            return execution;
        } finally {
            execution.close();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM glob('/etc/*')",
                "SELECT * FROM read_text('/etc/hostname')",
                "SET enable_external_access = true",
                "SET allowed_paths = ['/etc/passwd']",
                "SET lock_configuration = false",
                "ATTACH '/tmp/sandbox-escape.db' AS x",
                "INSTALL httpfs",
                "LOAD httpfs",
                "COPY (SELECT 1) TO '/tmp/sandbox-escape.csv'",
            })
    void nothingOutsideThePlannedFilesIsReachable(String sql) {
        assertThatThrownBy(() -> run(sql))
                .isInstanceOfSatisfying(
                        QueryException.class,
                        e -> assertThat(e.getMessage())
                                .containsAnyOf("Permission Error", "the configuration has been locked"));
        assertThat(Path.of("/tmp/sandbox-escape.csv")).doesNotExist();
        assertThat(Path.of("/tmp/sandbox-escape.db")).doesNotExist();
    }

    @Test
    void spillFilesStayInTheSpillDirectory() throws Exception {
        run("SELECT 1");
        assertThat(Files.isDirectory(spill)).isTrue();
    }
}
