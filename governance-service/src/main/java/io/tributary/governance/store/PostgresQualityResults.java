package io.tributary.governance.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tributary.contracts.Topics;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.lake.SnapshotCommitted;
import io.tributary.governance.core.quality.QualityResult;
import io.tributary.governance.core.quality.QualityResultStore;
import io.tributary.governance.core.quality.RuleType;
import io.tributary.governance.core.quality.Severity;
import io.tributary.governance.core.quality.SnapshotVerdict;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Quality results in PostgreSQL. A verdict's results, its run and its OpenLineage event (to {@code tributary.lineage}
 * through the outbox) commit in one transaction; a run already recorded makes the write a no-op.
 */
public final class PostgresQualityResults implements QualityResultStore {

    private static final TypeReference<List<Map<String, Object>>> SAMPLES = new TypeReference<>() {};
    private static final String COLUMNS = "seq, rule_id, rule_version, rule_name, rule_type, columns, table_name,"
            + " branch, snapshot_id, status, severity, checked_rows, failing_rows, samples::text, duration_ms,"
            + " evaluated_at, message FROM quality_results";

    private final DataSource dataSource;

    public PostgresQualityResults(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A stored result with its position, newest first in pages. */
    public record Stored(long seq, QualityResult result) {}

    /** Which results a page holds; null fields do not filter. {@code before}: a previous page's last seq. */
    public record Filter(TableRef table, Long snapshotId, UUID ruleId, QualityResult.Status status, Long before) {}

    @Override
    public boolean evaluated(TableRef table, long snapshotId) {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM quality_runs WHERE table_name = ? AND snapshot_id = ? LIMIT 1")) {
                select.setString(1, table.toString());
                select.setLong(2, snapshotId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public boolean blocked(TableRef table, long snapshotId) {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT blocked FROM quality_runs"
                    + " WHERE table_name = ? AND snapshot_id = ? ORDER BY seq DESC LIMIT 1")) {
                select.setString(1, table.toString());
                select.setLong(2, snapshotId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() && rows.getBoolean(1);
                }
            }
        });
    }

    @Override
    public Optional<Long> lastEvaluated(TableRef table, String branch, long except) {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT snapshot_id FROM quality_runs"
                    + " WHERE table_name = ? AND branch = ? AND snapshot_id <> ? ORDER BY seq DESC LIMIT 1")) {
                select.setString(1, table.toString());
                select.setString(2, branch);
                select.setLong(3, except);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean record(SnapshotVerdict verdict, LineageEvent lineage) {
        var snapshot = verdict.snapshot();
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement run = connection.prepareStatement("INSERT INTO quality_runs (run_id, table_name,"
                    + " branch, snapshot_id, new_rows_after, new_rows_exact, blocked, evaluated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (table_name, branch, snapshot_id) DO NOTHING")) {
                run.setObject(1, lineage.runId());
                run.setString(2, snapshot.table().toString());
                run.setString(3, snapshot.branch());
                run.setLong(4, snapshot.snapshotId());
                if (verdict.newRowsAfter() == null) {
                    run.setNull(5, Types.BIGINT);
                } else {
                    run.setLong(5, verdict.newRowsAfter());
                }
                run.setBoolean(6, verdict.newRowsExact());
                run.setBoolean(7, verdict.blocked());
                run.setTimestamp(8, Timestamp.from(evaluatedAt(verdict)));
                if (run.executeUpdate() == 0) {
                    return false;
                }
            }
            insertResults(connection, verdict, lineage);
            return true;
        });
    }

    @Override
    public List<Quarantined> quarantined(TableRef table, String branch) {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT snapshot_id, new_rows_after,"
                    + " evaluated_at FROM quality_runs WHERE table_name = ? AND branch = ? AND blocked ORDER BY seq")) {
                select.setString(1, table.toString());
                select.setString(2, branch);
                List<Quarantined> runs = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long after = rows.getLong(2);
                        SnapshotCommitted snapshot = new SnapshotCommitted(
                                table,
                                rows.getLong(1),
                                null,
                                branch,
                                "append",
                                -1,
                                rows.getTimestamp(3).toInstant(),
                                Map.of());
                        runs.add(new Quarantined(snapshot, rows.wasNull() ? null : after));
                    }
                }
                return runs;
            }
        });
    }

    @Override
    public void recheck(SnapshotVerdict verdict, LineageEvent lineage) {
        var snapshot = verdict.snapshot();
        Transactions.run(dataSource, connection -> {
            try (PreparedStatement run = connection.prepareStatement("UPDATE quality_runs SET blocked = ?,"
                    + " evaluated_at = ? WHERE table_name = ? AND branch = ? AND snapshot_id = ?")) {
                run.setBoolean(1, verdict.blocked());
                run.setTimestamp(2, Timestamp.from(evaluatedAt(verdict)));
                run.setString(3, snapshot.table().toString());
                run.setString(4, snapshot.branch());
                run.setLong(5, snapshot.snapshotId());
                run.executeUpdate();
            }
            if (lineage != null) {
                insertResults(connection, verdict, lineage);
            }
            return null;
        });
    }

    /** The results (once per rule version) and the run's lineage event, through the outbox. */
    private void insertResults(Connection connection, SnapshotVerdict verdict, LineageEvent lineage)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO quality_results (run_id,"
                + " rule_id, rule_version, rule_name, rule_type, columns, table_name, branch, snapshot_id, status,"
                + " severity, checked_rows, failing_rows, samples, duration_ms, evaluated_at, message)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
                + " ON CONFLICT (rule_id, rule_version, snapshot_id) DO NOTHING")) {
            for (QualityResult result : verdict.results()) {
                bind(connection, insert, lineage.runId(), result);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement outbox = connection.prepareStatement(
                "INSERT INTO governance_outbox (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?::jsonb)")) {
            outbox.setObject(1, lineage.runId());
            outbox.setString(2, Topics.LINEAGE);
            outbox.setString(3, lineage.jobName());
            outbox.setString(4, Json.write(lineage.event()));
            outbox.executeUpdate();
        }
    }

    /** Up to {@code limit} results, newest first. */
    public List<Stored> page(Filter filter, int limit) {
        return Transactions.run(dataSource, connection -> {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " WHERE true");
            List<Object> args = new ArrayList<>();
            if (filter.table() != null) {
                sql.append(" AND table_name = ?");
                args.add(filter.table().toString());
            }
            if (filter.snapshotId() != null) {
                sql.append(" AND snapshot_id = ?");
                args.add(filter.snapshotId());
            }
            if (filter.ruleId() != null) {
                sql.append(" AND rule_id = ?");
                args.add(filter.ruleId());
            }
            if (filter.status() != null) {
                sql.append(" AND status = ?");
                args.add(filter.status().wireName());
            }
            if (filter.before() != null) {
                sql.append(" AND seq < ?");
                args.add(filter.before());
            }
            sql.append(" ORDER BY seq DESC LIMIT ").append(limit);
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    select.setObject(i + 1, args.get(i));
                }
                List<Stored> page = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(new Stored(rows.getLong(1), result(rows)));
                    }
                }
                return page;
            }
        });
    }

    private static void bind(Connection connection, PreparedStatement insert, UUID runId, QualityResult result)
            throws SQLException {
        insert.setObject(1, runId);
        insert.setObject(2, result.ruleId());
        insert.setInt(3, result.ruleVersion());
        insert.setString(4, result.ruleName());
        insert.setString(5, result.ruleType().wireName());
        Array columns = connection.createArrayOf("text", result.columns().toArray());
        insert.setArray(6, columns);
        insert.setString(7, result.table().toString());
        insert.setString(8, result.branch());
        insert.setLong(9, result.snapshotId());
        insert.setString(10, result.status().wireName());
        insert.setString(11, result.severity().wireName());
        setLong(insert, 12, result.checkedRows());
        setLong(insert, 13, result.failingRows());
        insert.setString(14, Json.write(result.samples()));
        insert.setLong(15, result.durationMillis());
        insert.setTimestamp(16, Timestamp.from(result.evaluatedAt()));
        insert.setString(17, result.message());
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static Long getLong(ResultSet rows, int index) throws SQLException {
        long value = rows.getLong(index);
        return rows.wasNull() ? null : value;
    }

    private static QualityResult result(ResultSet rows) throws SQLException {
        List<Map<String, Object>> samples;
        try {
            samples = Json.MAPPER.readValue(rows.getString(14), SAMPLES);
        } catch (IOException e) {
            throw new SQLException("quality result " + rows.getLong(1) + " has unreadable samples", e);
        }
        return new QualityResult(
                rows.getObject(2, UUID.class),
                rows.getInt(3),
                rows.getString(4),
                RuleType.fromWire(rows.getString(5)),
                Arrays.asList((String[]) rows.getArray(6).getArray()),
                TableRef.parse(rows.getString(7)),
                rows.getString(8),
                rows.getLong(9),
                QualityResult.Status.fromWire(rows.getString(10)),
                Severity.fromWire(rows.getString(11)),
                getLong(rows, 12),
                getLong(rows, 13),
                samples,
                rows.getLong(15),
                rows.getTimestamp(16).toInstant(),
                rows.getString(17));
    }

    private static java.time.Instant evaluatedAt(SnapshotVerdict verdict) {
        return verdict.results().isEmpty()
                ? java.time.Instant.now()
                : verdict.results().get(0).evaluatedAt();
    }
}
