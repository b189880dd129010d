package io.tributary.governance.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tributary.governance.core.Identity;
import io.tributary.governance.core.PrincipalDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Users as their last validated token described them, in PostgreSQL and cached for a short while. A token that says
 * what the directory already holds writes nothing, so recording on every request costs a map lookup. With a maximum
 * age, only users whose token was seen within it are found, and a repeated token refreshes its time once per ttl.
 */
public final class PostgresPrincipalDirectory implements PrincipalDirectory {

    private static final Logger LOG = Logger.getLogger(PostgresPrincipalDirectory.class);
    private static final int MAX_CACHED = 100_000;

    private final DataSource dataSource;
    private final Duration ttl;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Identity> identity, Instant seenAt, Instant expires) {}

    public PostgresPrincipalDirectory(DataSource dataSource, Duration ttl, Clock clock) {
        this(dataSource, ttl, null, clock);
    }

    /** @param maxAge how long ago a user's token may have been seen for the user to be found; null for any time */
    public PostgresPrincipalDirectory(DataSource dataSource, Duration ttl, Duration maxAge, Clock clock) {
        this.dataSource = dataSource;
        this.ttl = ttl;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Optional<Identity> find(String user) {
        Instant now = clock.instant();
        Cached cached = cache.get(user);
        if (cached != null && now.isBefore(cached.expires())) {
            return recent(cached, now);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT client, roles, attributes::text, seen_at FROM principals WHERE user_name = ?")) {
            select.setString(1, user);
            Optional<Identity> found = Optional.empty();
            Instant seenAt = Instant.MIN;
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    String[] roles = (String[]) rows.getArray(2).getArray();
                    Map<String, String> attributes = Json.MAPPER.readValue(rows.getString(3), new TypeReference<>() {});
                    found = Optional.of(new Identity(user, rows.getString(1), Set.of(roles), attributes));
                    seenAt = rows.getTimestamp(4).toInstant();
                }
            }
            return recent(remember(user, found, seenAt, now), now);
        } catch (SQLException | java.io.IOException e) {
            if (cached != null) {
                return recent(cached, now);
            }
            throw new StoreUnavailableException("The governance database failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void record(Identity identity) {
        if (identity.user() == null) {
            return;
        }
        Instant now = clock.instant();
        Cached cached = cache.get(identity.user());
        if (cached != null
                && cached.identity().isPresent()
                && cached.identity().get().equals(identity)
                && (maxAge == null || now.isBefore(cached.seenAt().plus(ttl)))) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO principals (user_name, client, roles, attributes, seen_at) VALUES (?, ?, ?, ?::jsonb, ?)"
                                + " ON CONFLICT (user_name) DO UPDATE SET client = EXCLUDED.client, roles = EXCLUDED.roles,"
                                + " attributes = EXCLUDED.attributes, seen_at = EXCLUDED.seen_at")) {
            upsert.setString(1, identity.user());
            upsert.setString(2, identity.client());
            upsert.setArray(3, connection.createArrayOf("text", identity.roles().toArray()));
            upsert.setString(4, Json.write(identity.attributes()));
            upsert.setTimestamp(5, Timestamp.from(now));
            upsert.executeUpdate();
            remember(identity.user(), Optional.of(identity), now, now);
        } catch (SQLException e) {
            // The directory only serves Trino's later questions; a request that fed it must not fail for it.
            LOG.warnf("Could not record principal %s: %s", identity.user(), e.getMessage());
        }
    }

    private Cached remember(String user, Optional<Identity> identity, Instant seenAt, Instant now) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        Cached cached = new Cached(identity, seenAt, now.plus(ttl));
        cache.put(user, cached);
        return cached;
    }

    private Optional<Identity> recent(Cached cached, Instant now) {
        return maxAge == null || !cached.seenAt().plus(maxAge).isBefore(now) ? cached.identity() : Optional.empty();
    }
}
