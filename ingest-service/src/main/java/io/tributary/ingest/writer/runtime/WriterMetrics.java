package io.tributary.ingest.writer.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.ingest.writer.CommitReport;
import io.tributary.ingest.writer.WriterEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The writer's Micrometer meters, all tagged by table:
 * {@code tributary_writer_records_total{outcome=written|dead_lettered}}, {@code tributary_writer_files_total},
 * {@code tributary_writer_data_bytes_total}, {@code tributary_writer_commit_seconds},
 * {@code tributary_writer_commit_failures_total}, {@code tributary_writer_lag_records} and
 * {@code tributary_writer_freshness_seconds} (Kafka record timestamp to the commit that made it visible; a histogram
 * with buckets from 0.5 s to 5 min).
 */
public final class WriterMetrics implements WriterEvents {

    /** The freshness histogram's bucket bounds: around the platform's goals (2 s, 3 s) and what a late table sees. */
    static final Duration[] FRESHNESS_BUCKETS = {
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5)
    };

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final AtomicLong busy = new AtomicLong();

    public WriterMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("tributary.writer.tables.busy", busy, AtomicLong::get)
                .description("Tables being opened or committed off the consume loop right now")
                .register(registry);
    }

    @Override
    public void opened(TableIdentifier table, Duration took, boolean succeeded) {
        Timer.builder("tributary.writer.open")
                .description("Time to load a table and read its checkpoint")
                .tags("table", table.toString(), "outcome", succeeded ? "opened" : "failed")
                .register(registry)
                .record(took);
    }

    @Override
    public void rebalanced(String kind, int partitions) {
        Counter.builder("tributary.writer.rebalance.partitions")
                .description("Partitions Kafka assigned to, revoked from or lost by this writer")
                .tag("kind", kind)
                .register(registry)
                .increment(partitions);
    }

    @Override
    public void busyTables(int tables) {
        busy.set(tables);
    }

    @Override
    public void committed(CommitReport report) {
        String table = report.table().toString();
        Counter.builder("tributary.writer.records")
                .description("Records the lake writer wrote to tables or dead-lettered")
                .tags("table", table, "outcome", "written")
                .register(registry)
                .increment(report.records());
        Counter.builder("tributary.writer.files")
                .description("Parquet data files committed")
                .tag("table", table)
                .register(registry)
                .increment(report.files());
        Counter.builder("tributary.writer.data")
                .baseUnit("bytes")
                .description("Bytes of Parquet data files committed")
                .tag("table", table)
                .register(registry)
                .increment(report.bytes());
        Timer.builder("tributary.writer.commit")
                .description("Time to close a batch's files and commit its snapshot")
                .tag("table", table)
                .register(registry)
                .record(report.duration());
        Timer freshness = Timer.builder("tributary.writer.freshness")
                .description("Time from a record's Kafka timestamp to the commit that made it visible")
                .tag("table", table)
                // A few fixed buckets per table, no client-side percentiles: a platform has hundreds of tables, and
                // Prometheus computes any quantile from the buckets (histogram_quantile).
                .serviceLevelObjectives(FRESHNESS_BUCKETS)
                .register(registry);
        long committedAt = report.committedAt().toEpochMilli();
        for (long timestamp : report.recordTimestampsMs()) {
            freshness.record(Math.max(0, committedAt - timestamp), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void commitFailed(TableIdentifier table, String topic, UUID runId, Instant at, Throwable error) {
        Counter.builder("tributary.writer.commit.failures")
                .description("Commits that did not land; their records are written again")
                .tag("table", table.toString())
                .register(registry)
                .increment();
    }

    @Override
    public void deadLettered(TableIdentifier table, long records) {
        Counter.builder("tributary.writer.records")
                .description("Records the lake writer wrote to tables or dead-lettered")
                .tags("table", table.toString(), "outcome", "dead_lettered")
                .register(registry)
                .increment(records);
    }

    @Override
    public void lag(TableIdentifier table, long records) {
        lag.computeIfAbsent(table.toString(), name -> {
                    AtomicLong value = new AtomicLong();
                    Gauge.builder("tributary.writer.lag", value, AtomicLong::get)
                            .baseUnit("records")
                            .description("Records of the table on Kafka that no snapshot holds yet")
                            .tag("table", name)
                            .register(registry);
                    return value;
                })
                .set(records);
    }
}
