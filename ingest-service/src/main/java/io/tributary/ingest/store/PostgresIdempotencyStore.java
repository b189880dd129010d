package io.tributary.ingest.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.ingest.core.IdempotencyStore;
import io.tributary.ingest.core.Receipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import javax.sql.DataSource;

/**
 * Idempotency keys in PostgreSQL (table {@code idempotency_keys}, see {@code db/migration}). A claim is one
 * {@code INSERT … ON CONFLICT DO UPDATE … WHERE <free>}, so two requests racing for one key cannot both win.
 */
public final class PostgresIdempotencyStore implements IdempotencyStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CLAIM = """
            INSERT INTO idempotency_keys AS k (producer, table_id, idempotency_key, fingerprint, receipt, claimed_at,
                                               lease_until, completed_at, expires_at)
            VALUES (?, ?, ?, ?, NULL, ?, ?, NULL, ?)
            ON CONFLICT (producer, table_id, idempotency_key) DO UPDATE
               SET fingerprint = EXCLUDED.fingerprint, receipt = NULL, claimed_at = EXCLUDED.claimed_at,
                   lease_until = EXCLUDED.lease_until, completed_at = NULL, expires_at = EXCLUDED.expires_at
             WHERE k.expires_at <= EXCLUDED.claimed_at
                OR (k.receipt IS NULL AND k.lease_until <= EXCLUDED.claimed_at)
            RETURNING 1""";
    private static final String FIND = """
            SELECT fingerprint, receipt::text FROM idempotency_keys
             WHERE producer = ? AND table_id = ? AND idempotency_key = ?""";
    private static final String COMPLETE = """
            UPDATE idempotency_keys SET receipt = ?::jsonb, completed_at = ?, expires_at = ?
             WHERE producer = ? AND table_id = ? AND idempotency_key = ? AND receipt IS NULL""";
    private static final String RELEASE = """
            DELETE FROM idempotency_keys
             WHERE producer = ? AND table_id = ? AND idempotency_key = ? AND receipt IS NULL""";
    private static final String PURGE = "DELETE FROM idempotency_keys WHERE expires_at <= ?";

    private final DataSource dataSource;
    private final Duration window;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param window how long a key is kept after it was last claimed or completed
     * @param lease  how long a request may hold a key without completing it (a crashed request's key frees up after it)
     */
    public PostgresIdempotencyStore(DataSource dataSource, Duration window, Duration lease, Clock clock) {
        this.dataSource = dataSource;
        this.window = window;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    public Claim claim(Key key, byte[] fingerprint) {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (int attempt = 0; attempt < 3; attempt++) {
                try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                    bindKey(claim, key, 1);
                    claim.setBytes(4, fingerprint);
                    claim.setTimestamp(5, Timestamp.from(now));
                    claim.setTimestamp(6, Timestamp.from(now.plus(lease)));
                    claim.setTimestamp(7, Timestamp.from(now.plus(window)));
                    try (ResultSet claimed = claim.executeQuery()) {
                        if (claimed.next()) {
                            return new Claimed();
                        }
                    }
                }
                try (PreparedStatement find = connection.prepareStatement(FIND)) {
                    bindKey(find, key, 1);
                    try (ResultSet row = find.executeQuery()) {
                        if (!row.next()) {
                            continue; // purged or released in between: claim again
                        }
                        if (!Arrays.equals(row.getBytes(1), fingerprint)) {
                            return new Mismatch();
                        }
                        String receipt = row.getString(2);
                        return receipt == null ? new InFlight() : new Replay(JSON.readValue(receipt, Receipt.class));
                    }
                }
            }
            return new InFlight();
        } catch (SQLException e) {
            throw unavailable(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored receipt cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void complete(Key key, Receipt receipt) {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(COMPLETE)) {
            update.setString(1, JSON.writeValueAsString(receipt));
            update.setTimestamp(2, Timestamp.from(now));
            update.setTimestamp(3, Timestamp.from(now.plus(window)));
            bindKey(update, key, 4);
            update.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A receipt cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void release(Key key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(RELEASE)) {
            bindKey(delete, key, 1);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public int purgeExpired() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement purge = connection.prepareStatement(PURGE)) {
            purge.setTimestamp(1, Timestamp.from(clock.instant()));
            return purge.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Whether the store's table can be read right now. */
    public boolean reachable() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement probe = connection.prepareStatement("SELECT 1 FROM idempotency_keys LIMIT 1")) {
            probe.executeQuery().close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void bindKey(PreparedStatement statement, Key key, int first) throws SQLException {
        statement.setString(first, key.producer());
        statement.setString(first + 1, key.table().toString());
        statement.setString(first + 2, key.key());
    }

    private static StoreUnavailableException unavailable(SQLException e) {
        return new StoreUnavailableException("The idempotency store (PostgreSQL) cannot be used: " + e.getMessage(), e);
    }
}
