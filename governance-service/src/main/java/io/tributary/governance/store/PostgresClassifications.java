package io.tributary.governance.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.events.Uuid7;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.pii.Classification;
import io.tributary.governance.core.pii.ClassificationCodec;
import io.tributary.governance.core.pii.ClassificationConflictException;
import io.tributary.governance.core.pii.ClassificationNotFoundException;
import io.tributary.governance.core.pii.ClassificationStore;
import io.tributary.governance.events.GovernanceEvents;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** PII proposals in PostgreSQL; a decision and its audit event (to the outbox) commit in one transaction. */
public final class PostgresClassifications implements ClassificationStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, table_name, column_name, tag, status, share, sample_size, evidence,"
            + " proposed_at, decided_by, decided_at, decision_reason, applied FROM pii_classifications";

    private final DataSource dataSource;

    public PostgresClassifications(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Proposed propose(TableRef table, String column, String tag, Classification.Evidence evidence, Instant at) {
        Instant when = micros(at);
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pii_classifications (id,"
                    + " table_name, column_name, tag, status, share, sample_size, evidence, proposed_at)"
                    + " VALUES (?, ?, ?, ?, 'proposed', ?, ?, ?::jsonb, ?)"
                    + " ON CONFLICT (table_name, column_name, tag) DO NOTHING")) {
                insert.setObject(1, Uuid7.next());
                insert.setString(2, table.toString());
                insert.setString(3, column);
                insert.setString(4, tag);
                insert.setDouble(5, evidence.share());
                insert.setInt(6, evidence.sampleSize());
                insert.setString(7, ClassificationCodec.evidence(evidence).toString());
                insert.setTimestamp(8, Timestamp.from(when));
                if (insert.executeUpdate() == 1) {
                    return new Proposed(byColumn(connection, table, column, tag), Outcome.CREATED);
                }
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE pii_classifications SET share = ?,"
                    + " sample_size = ?, evidence = ?::jsonb, proposed_at = ?"
                    + " WHERE table_name = ? AND column_name = ? AND tag = ? AND status = 'proposed'")) {
                update.setDouble(1, evidence.share());
                update.setInt(2, evidence.sampleSize());
                update.setString(3, ClassificationCodec.evidence(evidence).toString());
                update.setTimestamp(4, Timestamp.from(when));
                update.setString(5, table.toString());
                update.setString(6, column);
                update.setString(7, tag);
                Outcome outcome = update.executeUpdate() == 1 ? Outcome.UPDATED : Outcome.UNCHANGED;
                return new Proposed(byColumn(connection, table, column, tag), outcome);
            }
        });
    }

    @Override
    public Optional<Classification> find(UUID id) {
        return Transactions.run(dataSource, connection -> current(connection, id, false));
    }

    @Override
    public List<Classification> list(
            Optional<TableRef> table, Optional<Classification.Status> status, UUID before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " WHERE true");
        List<Object> args = new ArrayList<>();
        table.ifPresent(t -> {
            sql.append(" AND table_name = ?");
            args.add(t.toString());
        });
        status.ifPresent(s -> {
            sql.append(" AND status = ?");
            args.add(s.wireName());
        });
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    select.setObject(i + 1, args.get(i));
                }
                List<Classification> page = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(classification(rows));
                    }
                }
                return page;
            }
        });
    }

    @Override
    public Classification decide(
            UUID id, Classification.Status decision, String actor, String reason, boolean applied, Instant at) {
        if (decision == Classification.Status.PROPOSED) {
            throw new IllegalArgumentException("a decision is accepted or rejected");
        }
        Instant when = micros(at);
        return Transactions.run(dataSource, connection -> {
            Classification current =
                    current(connection, id, true).orElseThrow(() -> new ClassificationNotFoundException(id));
            if (current.status() == decision) {
                return current;
            }
            if (current.status() != Classification.Status.PROPOSED) {
                throw new ClassificationConflictException("Classification " + id + " was already "
                        + current.status().wireName() + " by " + current.decidedBy() + ".");
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE pii_classifications SET status = ?,"
                    + " decided_by = ?, decided_at = ?, decision_reason = ?, applied = ? WHERE id = ?")) {
                update.setString(1, decision.wireName());
                update.setString(2, actor);
                update.setTimestamp(3, Timestamp.from(when));
                update.setString(4, reason);
                update.setBoolean(5, applied);
                update.setObject(6, id);
                update.executeUpdate();
            }
            Classification decided = current(connection, id, false).orElseThrow();
            audit(connection, decided);
            return decided;
        });
    }

    @Override
    public Optional<LastScan> lastScan(TableRef table) {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT snapshot_id, scanned_at FROM pii_scans WHERE table_name = ?")) {
                select.setString(1, table.toString());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new LastScan(
                                    rows.getLong(1), rows.getTimestamp(2).toInstant()))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void scanned(TableRef table, long snapshotId, Instant at) {
        Transactions.run(dataSource, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO pii_scans (table_name,"
                    + " snapshot_id, scanned_at) VALUES (?, ?, ?) ON CONFLICT (table_name)"
                    + " DO UPDATE SET snapshot_id = EXCLUDED.snapshot_id, scanned_at = EXCLUDED.scanned_at")) {
                upsert.setString(1, table.toString());
                upsert.setLong(2, snapshotId);
                upsert.setTimestamp(3, Timestamp.from(micros(at)));
                upsert.executeUpdate();
            }
            return null;
        });
    }

    private static Classification byColumn(Connection connection, TableRef table, String column, String tag)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " WHERE table_name = ? AND column_name = ? AND tag = ?")) {
            select.setString(1, table.toString());
            select.setString(2, column);
            select.setString(3, tag);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("the proposal of " + tag + " for " + table + "." + column + " vanished");
                }
                return classification(rows);
            }
        }
    }

    private static Optional<Classification> current(Connection connection, UUID id, boolean lock) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + COLUMNS + " WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(classification(rows)) : Optional.empty();
            }
        }
    }

    private static Classification classification(ResultSet rows) throws SQLException {
        Classification.Evidence evidence;
        try {
            evidence = ClassificationCodec.readEvidence(JSON.readTree(rows.getString(8)));
        } catch (IOException e) {
            throw new SQLException("classification " + rows.getString(1) + " has unreadable evidence", e);
        }
        Timestamp decidedAt = rows.getTimestamp(11);
        return new Classification(
                rows.getObject(1, UUID.class),
                TableRef.parse(rows.getString(2)),
                rows.getString(3),
                rows.getString(4),
                Classification.Status.parse(rows.getString(5)),
                rows.getDouble(6),
                rows.getInt(7),
                evidence,
                rows.getTimestamp(9).toInstant(),
                rows.getString(10),
                decidedAt == null ? null : decidedAt.toInstant(),
                rows.getString(12),
                rows.getBoolean(13));
    }

    /** An audit event for tributary.audit, shaped like a policy change's. */
    private static void audit(Connection connection, Classification c) throws SQLException {
        String action = c.status() == Classification.Status.ACCEPTED ? "accept" : "reject";
        ObjectNode audit = JSON.createObjectNode();
        audit.put("principal", c.decidedBy());
        audit.put("action", "governance.classification." + action);
        audit.put("resource", "classification:" + c.id());
        audit.put("outcome", c.status().wireName());
        audit.put("occurredAt", c.decidedAt().toString());
        ObjectNode detail = audit.putObject("detail");
        detail.put("table", c.table().toString());
        detail.put("column", c.column());
        detail.put("tag", c.tag());
        detail.put("share", c.share());
        detail.put("applied", c.applied());
        if (c.reason() != null) {
            detail.put("reason", c.reason());
        }
        CloudEvent event =
                CloudEvent.of(GovernanceEvents.SOURCE, EventTypes.AUDIT_RECORDED, "classification:" + c.id(), audit);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO governance_outbox (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?::jsonb)")) {
            insert.setObject(1, UUID.fromString(event.id()));
            insert.setString(2, Topics.AUDIT);
            insert.setString(3, c.decidedBy());
            insert.setString(4, Json.write(event));
            insert.executeUpdate();
        }
    }

    private static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }
}
