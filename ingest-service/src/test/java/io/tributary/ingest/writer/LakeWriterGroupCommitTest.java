package io.tributary.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tables due together are committed in one request, all or none; a refused group falls back to each table on its
 * own, and a group whose answer is lost is resolved table by table. Exactly once throughout.
 */
class LakeWriterGroupCommitTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "category", Types.StringType.get()));
    private static final List<String> TABLES = List.of("a", "b", "c");

    private InMemoryCatalog catalog;
    private final Map<String, SimulatedKafka> kafkas = new LinkedHashMap<>();
    private final AtomicLong nanos = new AtomicLong();
    private final List<String> events = new ArrayList<>();
    private final List<Integer> groupSizes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        catalog = new InMemoryCatalog();
        catalog.initialize("memory", Map.of("warehouse", "/mem/warehouse"));
        catalog.createNamespace(Namespace.of("sales"));
        for (String name : TABLES) {
            catalog.createTable(id(name), SCHEMA, PartitionSpec.unpartitioned());
            kafkas.put(topic(name), new SimulatedKafka(topic(name), 2));
        }
    }

    @AfterEach
    void tearDown() throws IOException {
        catalog.close();
    }

    private static TableIdentifier id(String name) {
        return TableIdentifier.of(Namespace.of("sales"), name);
    }

    private static String topic(String name) {
        return "tributary.ingest.sales." + name;
    }

    /** Validates every table's requirements first, then applies them all: the catalog's all-or-none. */
    private void commitAll(List<TableCommit> commits) {
        groupSizes.add(commits.size());
        List<Runnable> apply = new ArrayList<>();
        for (TableCommit commit : commits) {
            TableOperations ops = ((HasTableOperations) catalog.loadTable(commit.identifier())).operations();
            TableMetadata base = ops.current();
            commit.requirements().forEach(requirement -> requirement.validate(base));
            TableMetadata.Builder builder = TableMetadata.buildFrom(base);
            commit.updates().forEach(update -> update.applyTo(builder));
            TableMetadata updated = builder.build();
            apply.add(() -> ops.commit(base, updated));
        }
        apply.forEach(Runnable::run);
    }

    /** A writer with one commit worker: every due table goes into the one group. */
    private LakeWriter writer(LakeWriter.GroupCommits groups) {
        return writer(groups, 1);
    }

    private LakeWriter writer(LakeWriter.GroupCommits groups, int workers) {
        DeadLetterSink deadLetters = new DeadLetterSink() {
            @Override
            public void send(String key, byte[] value) {}

            @Override
            public void flush() {}
        };
        WriterEvents recorder = new WriterEvents() {
            @Override
            public void committed(CommitReport report) {
                events.add("committed " + report.table().name() + " " + report.records());
            }

            @Override
            public void commitFailed(TableIdentifier table, String topic, UUID runId, Instant at, Throwable error) {
                events.add("failed " + table.name() + " " + error.getClass().getSimpleName());
            }
        };
        LakeWriter writer = new LakeWriter(
                catalog,
                new LakeWriter.Settings("w1", Duration.ofSeconds(1), 100_000, Duration.ZERO, workers),
                recorder,
                deadLetters,
                Clock.systemUTC(),
                nanos::get);
        writer.groupCommits(groups, 32);
        kafkas.values().forEach(kafka -> {
            kafka.reconnect();
            apply(writer.assign(kafka.topic, kafka.partitions()));
        });
        return writer;
    }

    private void apply(List<WriterAction> actions) {
        for (WriterAction action : actions) {
            String topic;
            if (action instanceof WriterAction.Seek seek) {
                topic = seek.topic();
            } else if (action instanceof WriterAction.Pause pause) {
                topic = pause.topic();
            } else if (action instanceof WriterAction.Resume resume) {
                topic = resume.topic();
            } else {
                topic = ((WriterAction.Committed) action).topic();
            }
            kafkas.get(topic).apply(List.of(action));
        }
    }

    /** One poll of every topic and one tick, the clock moved past the commit interval. */
    private void step(LakeWriter writer) {
        for (SimulatedKafka kafka : kafkas.values()) {
            kafka.poll(1000).forEach(writer::accept);
        }
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        apply(writer.tick());
    }

    private void produce(int from, int to) {
        for (String name : TABLES) {
            SimulatedKafka kafka = kafkas.get(topic(name));
            for (int id = from; id < to; id++) {
                kafka.append(id % 2, "{\"id\": " + id + ", \"category\": \"" + name + "\"}");
            }
        }
    }

    private List<Long> ids(String name) {
        return LakeWriterTest.ids(catalog.loadTable(id(name)));
    }

    private static List<Long> range(int from, int to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    private Map<Integer, Long> checkpoint(String name) {
        Table table = catalog.loadTable(id(name));
        return Checkpoint.latest(((HasTableOperations) table).operations().current(), topic(name))
                .offsets();
    }

    @Test
    void tablesDueTogetherAreCommittedInOneRequestEachWithItsOwnCheckpoint() {
        LakeWriter writer = writer(this::commitAll);
        produce(0, 5);
        step(writer);

        assertThat(groupSizes).containsExactly(3);
        for (String name : TABLES) {
            assertThat(ids(name)).as(name).isEqualTo(range(0, 5));
            assertThat(checkpoint(name)).as(name).isEqualTo(Map.of(0, 3L, 1, 2L));
        }
        assertThat(events).containsExactlyInAnyOrder("committed a 5", "committed b 5", "committed c 5");

        produce(5, 12);
        step(writer);

        assertThat(groupSizes).containsExactly(3, 3);
        for (String name : TABLES) {
            assertThat(ids(name)).as(name).isEqualTo(range(0, 12));
            assertThat(checkpoint(name)).as(name).isEqualTo(Map.of(0, 6L, 1, 6L));
        }
    }

    @Test
    void dueTablesAreSpreadOverTheFreeCommitWorkers() {
        LakeWriter writer = writer(this::commitAll, 2);
        produce(0, 5);
        step(writer);

        assertThat(groupSizes)
                .as("three tables, two workers: a group of two and a table alone")
                .containsExactly(2);
        for (String name : TABLES) {
            assertThat(ids(name)).as(name).isEqualTo(range(0, 5));
        }
    }

    @Test
    void aGroupRefusedBecauseOneTableChangedCommitsEachTableOnItsOwn() {
        AtomicInteger calls = new AtomicInteger();
        LakeWriter writer = writer(commits -> {
            if (calls.incrementAndGet() == 1) {
                // Someone else commits to table b between the writer's read and its request: b's requirement fails.
                catalog.loadTable(id("b")).newAppend().set("by", "someone else").commit();
            }
            commitAll(commits);
        });
        produce(0, 5);
        step(writer);

        assertThat(calls).hasValue(1);
        for (String name : TABLES) {
            assertThat(ids(name)).as(name).isEqualTo(range(0, 5));
            assertThat(checkpoint(name)).as(name).isEqualTo(Map.of(0, 3L, 1, 2L));
        }
        assertThat(events)
                .containsExactlyInAnyOrder(
                        "failed a CommitFailedException",
                        "failed b CommitFailedException",
                        "failed c CommitFailedException",
                        "committed a 5",
                        "committed b 5",
                        "committed c 5");

        produce(5, 9);
        step(writer);
        assertThat(calls).hasValue(2);
        for (String name : TABLES) {
            assertThat(ids(name)).as(name).isEqualTo(range(0, 9));
        }
    }

    @Test
    void aGroupThatLandedButWhoseAnswerWasLostIsFoundTableByTable() {
        AtomicInteger calls = new AtomicInteger();
        LakeWriter writer = writer(commits -> {
            commitAll(commits);
            if (calls.incrementAndGet() == 1) {
                throw new CommitStateUnknownException(new RuntimeException("connection reset"));
            }
        });
        produce(0, 5);
        step(writer);

        for (String name : TABLES) {
            assertThat(ids(name)).as(name).isEqualTo(range(0, 5));
            assertThat(checkpoint(name)).as(name).isEqualTo(Map.of(0, 3L, 1, 2L));
        }
        assertThat(events).containsExactlyInAnyOrder("committed a 5", "committed b 5", "committed c 5");

        produce(5, 9);
        step(writer);
        for (String name : TABLES) {
            assertThat(ids(name)).as(name).isEqualTo(range(0, 9));
        }
    }

    @Test
    void aGroupThatDidNotLandAndWhoseAnswerWasLostIsReadAgainFromTheCheckpoint() {
        AtomicInteger calls = new AtomicInteger();
        LakeWriter writer = writer(commits -> {
            if (calls.incrementAndGet() == 1) {
                throw new CommitStateUnknownException(new RuntimeException("connection reset"));
            }
            commitAll(commits);
        });
        produce(0, 5);
        step(writer);

        for (String name : TABLES) {
            assertThat(ids(name)).as(name).isEmpty();
        }

        for (int i = 0; i < 3; i++) {
            step(writer);
        }
        for (String name : TABLES) {
            assertThat(ids(name)).as(name).isEqualTo(range(0, 5));
            assertThat(checkpoint(name)).as(name).isEqualTo(Map.of(0, 3L, 1, 2L));
        }
    }

    @Test
    void withOneTablePerRequestEachTableCommitsOnItsOwn() {
        List<Integer> unused = new ArrayList<>();
        LakeWriter writer = writer(commits -> unused.add(commits.size()));
        writer.groupCommits(commits -> unused.add(commits.size()), 1);
        produce(0, 5);
        step(writer);

        assertThat(unused).isEmpty();
        for (String name : TABLES) {
            assertThat(ids(name)).as(name).isEqualTo(range(0, 5));
        }
    }
}
