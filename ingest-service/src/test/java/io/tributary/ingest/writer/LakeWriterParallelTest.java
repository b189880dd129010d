package io.tributary.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tables opened and committed off the consume loop, many at once: a table that is slow to open or to commit holds
 * neither the loop nor the other tables, and every record still lands exactly once.
 */
class LakeWriterParallelTest {

    private static final TableIdentifier ORDERS = TableIdentifier.of(Namespace.of("sales"), "orders");
    private static final TableIdentifier RETURNS = TableIdentifier.of(Namespace.of("sales"), "returns");
    private static final String ORDERS_TOPIC = "tributary.ingest.sales.orders";
    private static final String RETURNS_TOPIC = "tributary.ingest.sales.returns";
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "category", Types.StringType.get()));

    private final AtomicLong nanos = new AtomicLong();
    private final CountDownLatch ordersCommitGate = new CountDownLatch(1);
    private volatile boolean gateOrdersCommits;
    private final CountDownLatch ordersOpenGate = new CountDownLatch(1);
    private volatile boolean gateOrdersOpen;
    private final AtomicInteger loads = new AtomicInteger();

    private GatedCatalog catalog;
    private ExecutorService pool;
    private SimulatedKafka orders;
    private SimulatedKafka returns;

    /** Holds the opening of sales.orders until its gate opens, when asked to. */
    private final class GatedCatalog extends InMemoryCatalog {
        @Override
        public Table loadTable(TableIdentifier identifier) {
            loads.incrementAndGet();
            if (gateOrdersOpen && identifier.equals(ORDERS)) {
                await(ordersOpenGate);
            }
            return super.loadTable(identifier);
        }

        Table loadUngated(TableIdentifier identifier) {
            return super.loadTable(identifier);
        }
    }

    @BeforeEach
    void setUp() {
        catalog = new GatedCatalog();
        catalog.initialize("memory", Map.of("warehouse", "/mem/warehouse"));
        catalog.createNamespace(Namespace.of("sales"));
        catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        catalog.createTable(RETURNS, SCHEMA, PartitionSpec.unpartitioned());
        pool = Executors.newFixedThreadPool(4);
        orders = new SimulatedKafka(ORDERS_TOPIC, 2);
        returns = new SimulatedKafka(RETURNS_TOPIC, 2);
    }

    @AfterEach
    void tearDown() throws IOException {
        ordersCommitGate.countDown();
        ordersOpenGate.countDown();
        pool.shutdownNow();
        catalog.close();
    }

    private LakeWriter writer(java.util.concurrent.Executor tableWork) {
        return writer(tableWork, Duration.ZERO);
    }

    private LakeWriter writer(java.util.concurrent.Executor tableWork, Duration retryInterval) {
        // The commit path flushes the table's dead letters first: holding that flush holds the table's commit.
        DeadLetterSink gate = new DeadLetterSink() {
            @Override
            public void send(String key, byte[] value) {}

            @Override
            public void flush() {}

            @Override
            public void flush(String key) {
                if (gateOrdersCommits && key.equals(ORDERS.toString())) {
                    await(ordersCommitGate);
                }
            }
        };
        return new LakeWriter(
                catalog,
                new LakeWriter.Settings("w1", Duration.ofSeconds(1), 100_000, retryInterval, Integer.MAX_VALUE),
                new WriterEvents() {},
                gate,
                Clock.systemUTC(),
                nanos::get,
                tableWork,
                tableWork);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void apply(List<WriterAction> actions) {
        List<WriterAction> forOrders = new ArrayList<>();
        List<WriterAction> forReturns = new ArrayList<>();
        for (WriterAction action : actions) {
            String topic = topicOf(action);
            (topic.equals(ORDERS_TOPIC) ? forOrders : forReturns).add(action);
        }
        orders.apply(forOrders);
        returns.apply(forReturns);
    }

    private static String topicOf(WriterAction action) {
        if (action instanceof WriterAction.Seek seek) {
            return seek.topic();
        } else if (action instanceof WriterAction.Pause pause) {
            return pause.topic();
        } else if (action instanceof WriterAction.Resume resume) {
            return resume.topic();
        }
        return ((WriterAction.Committed) action).topic();
    }

    /** The consume loop: poll both topics, tick with the commit interval passed, until the condition holds. */
    private void runUntil(LakeWriter writer, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
            orders.poll(1000).forEach(writer::accept);
            returns.poll(1000).forEach(writer::accept);
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            apply(writer.tick());
            Thread.sleep(5);
        }
    }

    private void produce(SimulatedKafka kafka, long from, long to) {
        for (long id = from; id < to; id++) {
            kafka.append((int) (id % 2), "{\"id\": " + id + ", \"category\": \"c\"}");
        }
    }

    private List<Long> ids(TableIdentifier id) {
        return LakeWriterTest.ids(catalog.loadUngated(id));
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void aTableWhoseCommitHangsHoldsUpNoOtherTableAndLandsExactlyOnceAfterwards() throws Exception {
        LakeWriter writer = writer(pool);
        apply(writer.assign(ORDERS_TOPIC, orders.partitions()));
        apply(writer.assign(RETURNS_TOPIC, returns.partitions()));
        gateOrdersCommits = true;
        produce(orders, 0, 10);
        produce(returns, 0, 10);

        // Returns lands while orders' commit hangs and orders is paused; which of the two comes first depends on the
        // pool's threads, so the loop waits for both (and fails after 30 s if orders is never paused).
        runUntil(writer, () -> ids(RETURNS).size() == 10 && orders.isPaused(0));
        assertThat(ids(ORDERS)).isEmpty();

        // Records keep arriving for both: returns goes on committing, orders waits in the log.
        produce(orders, 10, 15);
        produce(returns, 10, 30);
        runUntil(writer, () -> ids(RETURNS).size() == 30);
        assertThat(ids(ORDERS)).isEmpty();
        assertThat(writer.busy()).isTrue();

        ordersCommitGate.countDown();
        runUntil(writer, () -> ids(ORDERS).size() >= 15 && !writer.busy());
        assertThat(ids(ORDERS)).isEqualTo(range(0, 15));
        assertThat(ids(RETURNS)).isEqualTo(range(0, 30));
        assertThat(orders.isPaused(0) || orders.isPaused(1)).isFalse();
    }

    @Test
    void aTableSlowToOpenHoldsUpNoOtherTable() throws Exception {
        gateOrdersOpen = true;
        LakeWriter writer = writer(pool);
        apply(writer.assign(ORDERS_TOPIC, orders.partitions()));
        apply(writer.assign(RETURNS_TOPIC, returns.partitions()));
        produce(orders, 0, 10);
        produce(returns, 0, 10);

        runUntil(writer, () -> ids(RETURNS).size() == 10);
        assertThat(orders.isPaused(0)).as("orders waits for its table").isTrue();
        assertThat(ids(ORDERS)).isEmpty();

        ordersOpenGate.countDown();
        runUntil(writer, () -> ids(ORDERS).size() >= 10 && !writer.busy());
        assertThat(ids(ORDERS)).isEqualTo(range(0, 10));
        assertThat(ids(RETURNS)).isEqualTo(range(0, 10));
    }

    @Test
    void revokingSomePartitionsCommitsWhatIsPendingAndKeepsTheTableOpenForTheRest() throws Exception {
        LakeWriter writer = writer(Runnable::run);
        apply(writer.assign(ORDERS_TOPIC, orders.partitions()));
        int loadsAfterOpen = loads.get();
        produce(orders, 0, 10);
        orders.poll(1000).forEach(writer::accept);

        List<WriterAction> revoked = writer.revoke(ORDERS_TOPIC, Set.of(1));
        orders.unassign(1);
        assertThat(revoked).anyMatch(a -> a instanceof WriterAction.Committed);
        assertThat(ids(ORDERS)).isEqualTo(range(0, 10));

        produce(orders, 10, 20);
        runUntil(writer, () -> ids(ORDERS).size() >= 15);
        // Only partition 0 (even ids) is still read here.
        assertThat(ids(ORDERS))
                .isEqualTo(LongStream.concat(
                                LongStream.range(0, 10),
                                LongStream.range(10, 20).filter(i -> i % 2 == 0))
                        .sorted()
                        .boxed()
                        .toList());
        assertThat(loads.get()).as("the table was not opened again").isEqualTo(loadsAfterOpen);
    }

    @Test
    void aTableCreatedAfterItsTopicIsOpenedAsSoonAsTheCatalogAnnouncesIt() throws Exception {
        TableIdentifier later = TableIdentifier.of(Namespace.of("sales"), "later");
        SimulatedKafka topic = new SimulatedKafka("tributary.ingest.sales.later", 1);
        LakeWriter writer = writer(Runnable::run, Duration.ofHours(1));
        topic.apply(writer.assign(topic.topic, topic.partitions()));
        assertThat(topic.isPaused(0)).as("no table yet").isTrue();
        catalog.createTable(later, SCHEMA, PartitionSpec.unpartitioned());
        topic.apply(writer.tick());
        assertThat(topic.isPaused(0)).as("not due again for an hour").isTrue();

        writer.retryNow(later);
        topic.apply(writer.tick());
        assertThat(topic.isPaused(0)).isFalse();
        topic.append(0, "{\"id\": 7, \"category\": \"c\"}");
        topic.poll(10).forEach(writer::accept);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        topic.apply(writer.tick());
        assertThat(LakeWriterTest.ids(catalog.loadUngated(later))).containsExactly(7L);
    }

    @Test
    void aRecordTheTableCannotTakeDropsTheBatchAndTheTableIsReadAgainWithoutAGap() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        List<String> letters = new ArrayList<>();
        DeadLetterSink flaky = new DeadLetterSink() {
            @Override
            public void send(String key, byte[] value) {
                if (failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("dead-letter topic unavailable");
                }
                letters.add(new String(value, java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {}
        };
        LakeWriter writer = new LakeWriter(
                catalog,
                new LakeWriter.Settings("w1", Duration.ofSeconds(1), 100_000, Duration.ZERO, Integer.MAX_VALUE),
                new WriterEvents() {},
                flaky,
                Clock.systemUTC(),
                nanos::get);
        SimulatedKafka one = new SimulatedKafka(ORDERS_TOPIC, 1);
        one.apply(writer.assign(ORDERS_TOPIC, one.partitions()));
        for (long id = 0; id < 3; id++) {
            one.append(0, "{\"id\": " + id + ", \"category\": \"c\"}");
        }
        one.append(0, "not json");
        for (long id = 3; id < 6; id++) {
            one.append(0, "{\"id\": " + id + ", \"category\": \"c\"}");
        }

        // The dead letter for "not json" fails: the records after it in the same poll must not be taken either.
        one.poll(100).forEach(writer::accept);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        one.apply(writer.tick());
        assertThat(ids(ORDERS)).isEmpty();

        one.poll(100).forEach(writer::accept);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        one.apply(writer.tick());
        assertThat(ids(ORDERS)).isEqualTo(range(0, 6));
        assertThat(letters).hasSize(1);
    }
}
