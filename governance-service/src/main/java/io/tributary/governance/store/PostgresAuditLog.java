package io.tributary.governance.store;

import io.tributary.governance.core.audit.AuditEntry;
import io.tributary.governance.core.audit.HashChain;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The hash-chained audit log in PostgreSQL. Appends run one at a time (an advisory lock), read the chain's head,
 * skip events already in the log (by event id), and store the Kafka position reached in the same transaction, so a
 * crash or a redelivery never doubles or drops an entry.
 */
public final class PostgresAuditLog {

    /** {@code pg_advisory_xact_lock} key of appends: "govaudit". */
    private static final long APPEND_LOCK = 0x676f_7661_7564_6974L;

    public static final int MAX_PAGE = 1000;

    private final DataSource dataSource;

    public PostgresAuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A Kafka position: the next offset to read of one partition. */
    public record Position(String topic, int partition, long nextOffset) {}

    /** @return how many entries were appended (duplicates are not) */
    public int append(List<AuditEntry> entries, List<Position> positions) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, APPEND_LOCK);
                    lock.execute();
                }
                Set<UUID> known = known(connection, entries);
                byte[] head = head(connection);
                int appended = 0;
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO audit_log (event_id, occurred_at, recorded_at, principal, action, resource, outcome,"
                                + " trace_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (AuditEntry entry : entries) {
                        if (!known.add(entry.eventId())) {
                            continue;
                        }
                        byte[] hash = HashChain.hash(head, entry);
                        insert.setObject(1, entry.eventId());
                        insert.setTimestamp(2, Timestamp.from(entry.occurredAt()));
                        insert.setTimestamp(3, Timestamp.from(entry.recordedAt()));
                        insert.setString(4, entry.principal());
                        insert.setString(5, entry.action());
                        insert.setString(6, entry.resource());
                        insert.setString(7, entry.outcome());
                        insert.setString(8, entry.traceId());
                        insert.setString(9, entry.detail());
                        insert.setBytes(10, head);
                        insert.setBytes(11, hash);
                        insert.addBatch();
                        head = hash;
                        appended++;
                    }
                    if (appended > 0) {
                        insert.executeBatch();
                    }
                }
                try (PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO audit_offsets (topic, partition, next_offset) VALUES (?, ?, ?) ON CONFLICT (topic, partition)"
                                + " DO UPDATE SET next_offset = GREATEST(audit_offsets.next_offset, EXCLUDED.next_offset)")) {
                    for (Position p : positions) {
                        upsert.setString(1, p.topic());
                        upsert.setInt(2, p.partition());
                        upsert.setLong(3, p.nextOffset());
                        upsert.addBatch();
                    }
                    if (!positions.isEmpty()) {
                        upsert.executeBatch();
                    }
                }
                connection.commit();
                return appended;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static Set<UUID> known(Connection connection, List<AuditEntry> entries) throws SQLException {
        Set<UUID> known = new HashSet<>();
        if (entries.isEmpty()) {
            return known;
        }
        try (PreparedStatement select =
                connection.prepareStatement("SELECT event_id FROM audit_log WHERE event_id = ANY(?)")) {
            Array ids = connection.createArrayOf(
                    "uuid", entries.stream().map(AuditEntry::eventId).toArray());
            select.setArray(1, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    known.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return known;
    }

    private static byte[] head(Connection connection) throws SQLException {
        try (PreparedStatement select =
                        connection.prepareStatement("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1");
                ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getBytes(1) : HashChain.GENESIS;
        }
    }

    /** The stored positions of a topic, by partition. */
    public Map<Integer, Long> positions(String topic) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT partition, next_offset FROM audit_offsets WHERE topic = ?")) {
            select.setString(1, topic);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.put(rows.getInt(1), rows.getLong(2));
                }
            }
        }
        return out;
    }

    /** Filters of the audit query; null means any. */
    public record Query(String actor, String resource, Instant from, Instant to, long afterSeq, int limit) {}

    public List<HashChain.Stored> query(Query q) {
        StringBuilder sql =
                new StringBuilder("SELECT seq, event_id, occurred_at, recorded_at, principal, action, resource,"
                        + " outcome, trace_id, detail, prev_hash, hash FROM audit_log WHERE seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(q.afterSeq());
        if (q.actor() != null) {
            sql.append(" AND principal = ?");
            args.add(q.actor());
        }
        if (q.resource() != null) {
            sql.append(" AND resource = ?");
            args.add(q.resource());
        }
        if (q.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(Timestamp.from(q.to()));
        }
        sql.append(" ORDER BY seq LIMIT ?");
        args.add(Math.min(q.limit(), MAX_PAGE));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            List<HashChain.Stored> out = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(stored(rows));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreUnavailableException("The governance database failed: " + e.getMessage(), e);
        }
    }

    /** Reads the whole chain in order, streaming, and checks every link. */
    public HashChain.Verification verify() {
        try (Connection connection = dataSource.getConnection()) {
            // REPEATABLE READ: the walk sees one snapshot, however many entries are appended meanwhile.
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seq, event_id, occurred_at, recorded_at, principal, action, resource, outcome, trace_id, detail,"
                            + " prev_hash, hash FROM audit_log ORDER BY seq")) {
                select.setFetchSize(5000);
                try (ResultSet rows = select.executeQuery()) {
                    HashChain.Verification result = HashChain.verify(new Iterator<>() {
                        private Boolean ready;

                        @Override
                        public boolean hasNext() {
                            if (ready == null) {
                                try {
                                    ready = rows.next();
                                } catch (SQLException e) {
                                    throw new StoreUnavailableException(
                                            "Reading the audit log failed: " + e.getMessage(), e);
                                }
                            }
                            return ready;
                        }

                        @Override
                        public HashChain.Stored next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            ready = null;
                            try {
                                return stored(rows);
                            } catch (SQLException e) {
                                throw new StoreUnavailableException(
                                        "Reading the audit log failed: " + e.getMessage(), e);
                            }
                        }
                    });
                    connection.commit();
                    return result;
                }
            } finally {
                connection.setAutoCommit(true);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("The governance database failed: " + e.getMessage(), e);
        }
    }

    private static HashChain.Stored stored(ResultSet rows) throws SQLException {
        AuditEntry entry = new AuditEntry(
                rows.getObject(2, UUID.class),
                rows.getTimestamp(3).toInstant(),
                rows.getTimestamp(4).toInstant(),
                rows.getString(5),
                rows.getString(6),
                rows.getString(7),
                rows.getString(8),
                rows.getString(9),
                rows.getString(10));
        return new HashChain.Stored(rows.getLong(1), entry, rows.getBytes(11), rows.getBytes(12));
    }
}
