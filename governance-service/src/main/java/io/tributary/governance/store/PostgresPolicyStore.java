package io.tributary.governance.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.events.Uuid7;
import io.tributary.governance.core.BootstrapPolicies;
import io.tributary.governance.core.Policy;
import io.tributary.governance.core.PolicyBody;
import io.tributary.governance.core.PolicyCodec;
import io.tributary.governance.core.PolicyConflictException;
import io.tributary.governance.core.PolicyNotFoundException;
import io.tributary.governance.core.PolicySet;
import io.tributary.governance.core.PolicyStore;
import io.tributary.governance.events.GovernanceEvents;
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

/**
 * Policies in PostgreSQL. Each change, in one transaction: the current row, a history row (whose serial number is the
 * store's revision), a {@code policy.changed} event for {@code tributary.governance.events} and an audit event for
 * {@code tributary.audit}, both in the outbox.
 */
public final class PostgresPolicyStore implements PolicyStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code pg_advisory_xact_lock} key serializing the bootstrap across replicas: "govboot". */
    private static final long BOOTSTRAP_LOCK = 0x676f_7662_6f6f_7401L;

    private final DataSource dataSource;

    public PostgresPolicyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private <T> T transaction(Transactions.Work<T> work) {
        return Transactions.run(dataSource, work);
    }

    private <T> T transaction(int isolation, Transactions.Work<T> work) {
        return Transactions.run(dataSource, isolation, work);
    }

    /** Writes the bootstrap policies if the store has never held any; true if it did. */
    public boolean bootstrapIfEmpty() {
        return transaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, BOOTSTRAP_LOCK);
                lock.execute();
            }
            try (PreparedStatement any = connection.prepareStatement("SELECT 1 FROM policy_history LIMIT 1");
                    ResultSet rows = any.executeQuery()) {
                if (rows.next()) {
                    return false;
                }
            }
            for (BootstrapPolicies.Entry entry : BootstrapPolicies.entries()) {
                write(
                        connection,
                        "create",
                        new Policy(
                                Uuid7.next(),
                                1,
                                entry.body(),
                                entry.description(),
                                BootstrapPolicies.ACTOR,
                                now(),
                                BootstrapPolicies.REASON));
            }
            return true;
        });
    }

    @Override
    public PolicySet load() {
        return transaction(Connection.TRANSACTION_REPEATABLE_READ, connection -> {
            List<Policy> policies = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                            "SELECT id, version, body, description, changed_by, changed_at, reason FROM policies");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    policies.add(policy(rows));
                }
            }
            long revision;
            try (PreparedStatement select =
                            connection.prepareStatement("SELECT coalesce(max(revision), 0) FROM policy_history");
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                revision = rows.getLong(1);
            }
            return PolicySet.of(revision, policies);
        });
    }

    @Override
    public Optional<Policy> find(UUID id) {
        return transaction(connection -> current(connection, id, false));
    }

    @Override
    public List<Change> history(UUID id) {
        return transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, version, body, description, changed_by, changed_at, reason, revision, operation"
                            + " FROM policy_history WHERE id = ? ORDER BY version")) {
                select.setObject(1, id);
                return changes(select);
            }
        });
    }

    @Override
    public List<Change> changes(int limit, long beforeRevision) {
        return transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, version, body, description, changed_by, changed_at, reason, revision, operation"
                            + " FROM policy_history WHERE revision < ? ORDER BY revision DESC LIMIT ?")) {
                select.setLong(1, beforeRevision);
                select.setInt(2, limit);
                return changes(select);
            }
        });
    }

    private static List<Change> changes(PreparedStatement select) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                out.add(new Change(rows.getLong(8), rows.getString(9), policy(rows)));
            }
        }
        return out;
    }

    @Override
    public Policy create(PolicyBody body, String description, String reason, String actor) {
        Policy policy = new Policy(Uuid7.next(), 1, body, description, actor, now(), reason);
        return transaction(connection -> {
            write(connection, "create", policy);
            return policy;
        });
    }

    @Override
    public Policy update(
            UUID id, Integer expectedVersion, PolicyBody body, String description, String reason, String actor) {
        return transaction(connection -> {
            Policy current = current(connection, id, true).orElseThrow(() -> new PolicyNotFoundException(id));
            checkVersion(current, expectedVersion);
            Policy next = new Policy(id, current.version() + 1, body, description, actor, now(), reason);
            write(connection, "update", next);
            return next;
        });
    }

    @Override
    public void delete(UUID id, Integer expectedVersion, String reason, String actor) {
        transaction(connection -> {
            Policy current = current(connection, id, true).orElseThrow(() -> new PolicyNotFoundException(id));
            checkVersion(current, expectedVersion);
            write(
                    connection,
                    "delete",
                    new Policy(id, current.version() + 1, current.body(), current.description(), actor, now(), reason));
            return null;
        });
    }

    private static void checkVersion(Policy current, Integer expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new PolicyConflictException("Policy " + current.id() + " is at version " + current.version()
                    + ", not " + expectedVersion + "; read it again and reapply the change.");
        }
    }

    private static Optional<Policy> current(Connection connection, UUID id, boolean lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, version, body, description, changed_by, changed_at, reason FROM policies WHERE id = ?"
                        + (lock ? " FOR UPDATE" : ""))) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(policy(rows)) : Optional.empty();
            }
        }
    }

    private static void write(Connection connection, String operation, Policy policy) throws SQLException {
        String body = PolicyCodec.write(policy.body()).toString();
        if (operation.equals("delete")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM policies WHERE id = ?")) {
                delete.setObject(1, policy.id());
                delete.executeUpdate();
            }
        } else {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO policies (id, kind, version, body, description, changed_by, changed_at, reason)"
                            + " VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version,"
                            + " body = EXCLUDED.body, description = EXCLUDED.description, changed_by = EXCLUDED.changed_by,"
                            + " changed_at = EXCLUDED.changed_at, reason = EXCLUDED.reason")) {
                bind(upsert, policy, body);
                upsert.executeUpdate();
            }
        }
        long revision;
        try (PreparedStatement history = connection.prepareStatement(
                "INSERT INTO policy_history (id, kind, version, body, description, changed_by, changed_at, reason, operation)"
                        + " VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) RETURNING revision")) {
            bind(history, policy, body);
            history.setString(9, operation);
            try (ResultSet rows = history.executeQuery()) {
                rows.next();
                revision = rows.getLong(1);
            }
        }
        ObjectNode change = JSON.createObjectNode();
        change.put("id", policy.id().toString());
        change.put("version", policy.version());
        change.put("kind", policy.kind().wireName());
        change.put("operation", operation);
        change.put("revision", revision);
        change.put("changedBy", policy.changedBy());
        outbox(
                connection,
                GovernanceEvents.TOPIC,
                policy.id().toString(),
                CloudEvent.of(
                        GovernanceEvents.SOURCE, GovernanceEvents.POLICY_CHANGED, "policy:" + policy.id(), change));
        ObjectNode audit = JSON.createObjectNode();
        audit.put("principal", policy.changedBy());
        audit.put("action", "governance.policy." + operation);
        audit.put("resource", "policy:" + policy.id());
        audit.put("outcome", "changed");
        audit.put("occurredAt", policy.changedAt().toString());
        ObjectNode detail = audit.putObject("detail");
        detail.put("kind", policy.kind().wireName());
        detail.put("version", policy.version());
        detail.put("revision", revision);
        detail.put("reason", policy.reason());
        detail.set("policy", PolicyCodec.write(policy.body()));
        outbox(
                connection,
                Topics.AUDIT,
                policy.changedBy(),
                CloudEvent.of(GovernanceEvents.SOURCE, EventTypes.AUDIT_RECORDED, "policy:" + policy.id(), audit));
    }

    private static void outbox(Connection connection, String topic, String key, CloudEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO governance_outbox (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?::jsonb)")) {
            insert.setObject(1, UUID.fromString(event.id()));
            insert.setString(2, topic);
            insert.setString(3, key);
            insert.setString(4, Json.write(event));
            insert.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Policy policy, String body) throws SQLException {
        statement.setObject(1, policy.id());
        statement.setString(2, policy.kind().wireName());
        statement.setInt(3, policy.version());
        statement.setString(4, body);
        statement.setString(5, policy.description());
        statement.setString(6, policy.changedBy());
        statement.setTimestamp(7, Timestamp.from(policy.changedAt()));
        statement.setString(8, policy.reason());
    }

    private static Policy policy(ResultSet rows) throws SQLException {
        JsonNode body;
        try {
            body = JSON.readTree(rows.getString(3));
        } catch (java.io.IOException e) {
            throw new SQLException("policy " + rows.getString(1) + " has an unreadable body", e);
        }
        return new Policy(
                rows.getObject(1, UUID.class),
                rows.getInt(2),
                PolicyCodec.read(body).body(),
                rows.getString(4),
                rows.getString(5),
                rows.getTimestamp(6).toInstant(),
                rows.getString(7));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
