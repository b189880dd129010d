package io.tributary.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.ingest.IngestTestContracts;
import io.tributary.ingest.core.IdempotencyStore;
import io.tributary.ingest.core.IdempotencyStore.Key;
import io.tributary.ingest.core.Receipt;
import io.tributary.ingest.core.RecordError;
import io.tributary.ingest.core.TableId;
import io.tributary.ingest.testing.MovableClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store against the real {@code ingest_test} database. Two store instances stand for the service
 * before and after a restart (or two replicas): what one stored, the other honours.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class PostgresIdempotencyStoreTest {

    static final TableId TABLE = new TableId("sales", "orders");
    static final byte[] BODY = {1, 2, 3};
    static final byte[] OTHER_BODY = {1, 2, 4};

    @Inject
    DataSource dataSource;

    final MovableClock clock = new MovableClock(Instant.now());

    PostgresIdempotencyStore store(Duration window) {
        return new PostgresIdempotencyStore(dataSource, window, Duration.ofMinutes(5), clock);
    }

    static Key newKey() {
        return new Key("orders-app", TABLE, "k-" + UUID.randomUUID());
    }

    static Receipt receipt() {
        return new Receipt(
                UUID.randomUUID(),
                "sales.orders",
                3,
                "partial",
                2,
                1,
                1,
                "tributary.ingest.sales.orders",
                List.of(new Receipt.PartitionOffsets(1, 40, 40, 1)),
                "tributary.ingest.dlq",
                List.of(new Receipt.PartitionOffsets(0, 7, 7, 1)),
                List.of(new RecordError(1, 2L, "/amount", "decimal(10, 2)", "number 1.005", "never rounded")),
                false);
    }

    int rows(Key key) throws Exception {
        try (var connection = dataSource.getConnection();
                var query = connection.prepareStatement(
                        "SELECT count(*) FROM idempotency_keys WHERE producer = ? AND table_id = ? AND idempotency_key = ?")) {
            query.setString(1, key.producer());
            query.setString(2, key.table().toString());
            query.setString(3, key.key());
            try (var result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    @Test
    void aKeyStoredByOneInstanceIsHonouredByTheNext() {
        Key key = newKey();
        PostgresIdempotencyStore before = store(Duration.ofHours(24));
        assertThat(before.claim(key, BODY)).isInstanceOf(IdempotencyStore.Claimed.class);
        Receipt receipt = receipt();
        before.complete(key, receipt);

        PostgresIdempotencyStore after = store(Duration.ofHours(24));
        assertThat(after.claim(key, BODY)).isEqualTo(new IdempotencyStore.Replay(receipt));
        assertThat(after.claim(key, OTHER_BODY)).isInstanceOf(IdempotencyStore.Mismatch.class);
        // Keys are per producer and per table.
        assertThat(after.claim(new Key("billing-app", TABLE, key.key()), OTHER_BODY))
                .isInstanceOf(IdempotencyStore.Claimed.class);
        assertThat(after.claim(new Key("orders-app", new TableId("sales", "other"), key.key()), OTHER_BODY))
                .isInstanceOf(IdempotencyStore.Claimed.class);
    }

    @Test
    void aKeyInFlightIsHeldUntilCompletedReleasedOrItsLeaseEnds() {
        Key key = newKey();
        PostgresIdempotencyStore one = store(Duration.ofHours(24));
        PostgresIdempotencyStore two = store(Duration.ofHours(24));
        assertThat(one.claim(key, BODY)).isInstanceOf(IdempotencyStore.Claimed.class);
        assertThat(two.claim(key, BODY)).isInstanceOf(IdempotencyStore.InFlight.class);
        one.release(key);
        assertThat(two.claim(key, BODY)).isInstanceOf(IdempotencyStore.Claimed.class);
        // The holder crashed: after the lease the key can be claimed again.
        clock.advance(Duration.ofMinutes(6));
        assertThat(one.claim(key, BODY)).isInstanceOf(IdempotencyStore.Claimed.class);
    }

    @Test
    void racingClaimsForOneKeyHaveExactlyOneWinner() throws Exception {
        Key key = newKey();
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<IdempotencyStore.Claim>> claims = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                PostgresIdempotencyStore store = store(Duration.ofHours(24));
                Callable<IdempotencyStore.Claim> claim = () -> {
                    start.await();
                    return store.claim(key, BODY);
                };
                claims.add(pool.submit(claim));
            }
            start.countDown();
            List<IdempotencyStore.Claim> results = new ArrayList<>();
            for (Future<IdempotencyStore.Claim> claim : claims) {
                results.add(claim.get());
            }
            assertThat(results)
                    .filteredOn(c -> c instanceof IdempotencyStore.Claimed)
                    .hasSize(1);
            assertThat(results)
                    .filteredOn(c -> c instanceof IdempotencyStore.InFlight)
                    .hasSize(racers - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keysPastTheirWindowArePurgedAndFreeAgain() throws Exception {
        Duration window = Duration.ofMinutes(1);
        PostgresIdempotencyStore store = store(window);
        Key old = newKey();
        store.claim(old, BODY);
        store.complete(old, receipt());
        clock.advance(Duration.ofSeconds(30));
        Key recent = newKey();
        store.claim(recent, BODY);
        store.complete(recent, receipt());

        clock.advance(Duration.ofSeconds(45));
        assertThat(rows(old)).isEqualTo(1);
        assertThat(store.purgeExpired()).isGreaterThanOrEqualTo(1);
        assertThat(rows(old)).as("the expired key is deleted").isZero();
        assertThat(rows(recent)).isEqualTo(1);
        assertThat(store.claim(recent, BODY)).as("still in its window").isInstanceOf(IdempotencyStore.Replay.class);
        assertThat(store.claim(old, OTHER_BODY))
                .as("purged: a new request may use it")
                .isInstanceOf(IdempotencyStore.Claimed.class);
        assertThat(store.reachable()).isTrue();
    }
}
