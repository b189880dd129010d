package io.tributary.governance.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.events.Uuid7;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.quality.QualityRule;
import io.tributary.governance.core.quality.QualityRuleCodec;
import io.tributary.governance.core.quality.QualityRuleConflictException;
import io.tributary.governance.core.quality.QualityRuleNotFoundException;
import io.tributary.governance.core.quality.QualityRuleStore;
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

/** Quality rules in PostgreSQL; each change and its audit event (to the outbox) commit in one transaction. */
public final class PostgresQualityRules implements QualityRuleStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS =
            "id, body, version, created_by, created_at, updated_by, updated_at FROM quality_rules";

    private final DataSource dataSource;

    public PostgresQualityRules(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private <T> T transaction(Transactions.Work<T> work) {
        return Transactions.run(dataSource, work);
    }

    @Override
    public QualityRule create(QualityRule.Draft draft, String actor) {
        Instant now = now();
        QualityRule rule = new QualityRule(
                Uuid7.next(),
                draft.table(),
                draft.name(),
                draft.check(),
                draft.severity(),
                draft.description(),
                1,
                actor,
                now,
                actor,
                now);
        return transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO quality_rules (table_name, name,"
                    + " type, severity, body, version, created_by, created_at, updated_by, updated_at, id)"
                    + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) ON CONFLICT (table_name, name) DO NOTHING")) {
                bind(insert, rule);
                if (insert.executeUpdate() == 0) {
                    throw duplicate(rule);
                }
            }
            audit(connection, "create", rule);
            return rule;
        });
    }

    @Override
    public Optional<QualityRule> find(UUID id) {
        return transaction(connection -> current(connection, id, false));
    }

    @Override
    public List<QualityRule> list(Optional<TableRef> table) {
        return transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + (table.isPresent() ? " WHERE table_name = ?" : "") + " ORDER BY table_name, name")) {
                if (table.isPresent()) {
                    select.setString(1, table.get().toString());
                }
                List<QualityRule> rules = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        rules.add(rule(rows));
                    }
                }
                return rules;
            }
        });
    }

    @Override
    public QualityRule update(UUID id, QualityRule.Draft draft, String actor) {
        return transaction(connection -> {
            QualityRule current = current(connection, id, true).orElseThrow(() -> new QualityRuleNotFoundException(id));
            checkVersion(current, draft.expectedVersion());
            QualityRule next = new QualityRule(
                    id,
                    draft.table(),
                    draft.name(),
                    draft.check(),
                    draft.severity(),
                    draft.description(),
                    current.version() + 1,
                    current.createdBy(),
                    current.createdAt(),
                    actor,
                    now());
            if (!next.table().equals(current.table()) || !next.name().equals(current.name())) {
                try (PreparedStatement taken = connection.prepareStatement(
                        "SELECT 1 FROM quality_rules WHERE table_name = ? AND name = ? AND id <> ?")) {
                    taken.setString(1, next.table().toString());
                    taken.setString(2, next.name());
                    taken.setObject(3, id);
                    try (ResultSet rows = taken.executeQuery()) {
                        if (rows.next()) {
                            throw duplicate(next);
                        }
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE quality_rules SET table_name = ?,"
                    + " name = ?, type = ?, severity = ?, body = ?::jsonb, version = ?, created_by = ?, created_at = ?,"
                    + " updated_by = ?, updated_at = ? WHERE id = ?")) {
                bind(update, next);
                update.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    // A concurrent write took the name between the check and the update.
                    throw duplicate(next);
                }
                throw e;
            }
            audit(connection, "update", next);
            return next;
        });
    }

    @Override
    public void delete(UUID id, Integer expectedVersion, String actor) {
        transaction(connection -> {
            QualityRule current = current(connection, id, true).orElseThrow(() -> new QualityRuleNotFoundException(id));
            checkVersion(current, expectedVersion);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM quality_rules WHERE id = ?")) {
                delete.setObject(1, id);
                delete.executeUpdate();
            }
            audit(
                    connection,
                    "delete",
                    new QualityRule(
                            id,
                            current.table(),
                            current.name(),
                            current.check(),
                            current.severity(),
                            current.description(),
                            current.version(),
                            current.createdBy(),
                            current.createdAt(),
                            actor,
                            now()));
            return null;
        });
    }

    private static QualityRuleConflictException duplicate(QualityRule rule) {
        return new QualityRuleConflictException(
                "Table " + rule.table() + " already has a quality rule named '" + rule.name() + "'.");
    }

    private static void checkVersion(QualityRule current, Integer expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new QualityRuleConflictException("Quality rule " + current.id() + " is at version "
                    + current.version() + ", not " + expectedVersion + "; read it again and reapply the change.");
        }
    }

    private static Optional<QualityRule> current(Connection connection, UUID id, boolean lock) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + COLUMNS + " WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rule(rows)) : Optional.empty();
            }
        }
    }

    private static void bind(PreparedStatement statement, QualityRule rule) throws SQLException {
        statement.setString(1, rule.table().toString());
        statement.setString(2, rule.name());
        statement.setString(3, rule.type().wireName());
        statement.setString(4, rule.severity().wireName());
        statement.setString(5, QualityRuleCodec.writeBody(draft(rule)).toString());
        statement.setInt(6, rule.version());
        statement.setString(7, rule.createdBy());
        statement.setTimestamp(8, Timestamp.from(rule.createdAt()));
        statement.setString(9, rule.updatedBy());
        statement.setTimestamp(10, Timestamp.from(rule.updatedAt()));
        statement.setObject(11, rule.id());
    }

    private static QualityRule.Draft draft(QualityRule rule) {
        return new QualityRule.Draft(
                rule.table(), rule.name(), rule.check(), rule.severity(), rule.description(), null);
    }

    private static QualityRule rule(ResultSet rows) throws SQLException {
        JsonNode body;
        try {
            body = JSON.readTree(rows.getString(2));
        } catch (IOException e) {
            throw new SQLException("quality rule " + rows.getString(1) + " has an unreadable body", e);
        }
        QualityRule.Draft draft = QualityRuleCodec.readStored(body);
        return new QualityRule(
                rows.getObject(1, UUID.class),
                draft.table(),
                draft.name(),
                draft.check(),
                draft.severity(),
                draft.description(),
                rows.getInt(3),
                rows.getString(4),
                rows.getTimestamp(5).toInstant(),
                rows.getString(6),
                rows.getTimestamp(7).toInstant());
    }

    /** An audit event for tributary.audit, shaped like a policy change's. */
    private static void audit(Connection connection, String operation, QualityRule rule) throws SQLException {
        ObjectNode audit = JSON.createObjectNode();
        audit.put("principal", rule.updatedBy());
        audit.put("action", "governance.quality-rule." + operation);
        audit.put("resource", "quality-rule:" + rule.id());
        audit.put("outcome", "changed");
        audit.put("occurredAt", rule.updatedAt().toString());
        ObjectNode detail = audit.putObject("detail");
        detail.put("table", rule.table().toString());
        detail.put("version", rule.version());
        detail.set("rule", QualityRuleCodec.writeBody(draft(rule)));
        CloudEvent event =
                CloudEvent.of(GovernanceEvents.SOURCE, EventTypes.AUDIT_RECORDED, "quality-rule:" + rule.id(), audit);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO governance_outbox (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?::jsonb)")) {
            insert.setObject(1, UUID.fromString(event.id()));
            insert.setString(2, Topics.AUDIT);
            insert.setString(3, rule.updatedBy());
            insert.setString(4, Json.write(event));
            insert.executeUpdate();
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
