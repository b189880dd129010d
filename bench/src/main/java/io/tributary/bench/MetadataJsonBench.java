package io.tributary.bench;

import io.tributary.catalog.core.iceberg.MetadataJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;

/**
 * CPU time of writing a commit's new metadata file in the catalog, in one process: Iceberg's own
 * {@code TableMetadataParser.toJson} next to the catalog's {@code MetadataJson}, which reuses the JSON of the snapshots
 * the previous version already had. For tables of 10, 1,000 and 10,000 snapshots; medians of 7 rounds after a warm-up.
 *
 * <p>Run: {@code ./mvnw -q -B -f bench/pom.xml -Dbench.main=io.tributary.bench.MetadataJsonBench compile exec:java}
 * (with catalog-service installed). Settings: {@code BENCH_SIZES} (10,1000,10000).
 */
public final class MetadataJsonBench {

    private MetadataJsonBench() {}

    public static void main(String[] args) throws Exception {
        int[] sizes = java.util.Arrays.stream(
                        Env.get("BENCH_SIZES", "10,1000,10000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        System.out.println(
                "| snapshots | metadata JSON (KB) | Iceberg's toJson ms | reusing the snapshots' JSON ms | ratio |");
        System.out.println("|---|---|---|---|---|");
        for (int size : sizes) {
            try (InMemoryCatalog catalog = new InMemoryCatalog()) {
                catalog.initialize("bench", Map.of());
                catalog.createNamespace(Namespace.of("db"));
                Table table = catalog.createTable(
                        TableIdentifier.of("db", "t"),
                        new Schema(Types.NestedField.required(1, "id", Types.LongType.get())),
                        org.apache.iceberg.PartitionSpec.unpartitioned(),
                        Map.of("format-version", "2"));
                // Appends of no files, each a snapshot with the lake writer's summary keys, in transactions of 1,000.
                for (int done = 0; done < size; ) {
                    Transaction transaction = table.newTransaction();
                    for (int i = 0; i < Math.min(1000, size - done); i++) {
                        transaction
                                .newFastAppend()
                                .set("tributary.offsets", "{\"tributary.ingest.db.t\":{\"0\":" + (done + i) + "}}")
                                .set(
                                        "tributary.commit-id",
                                        java.util.UUID.randomUUID().toString())
                                .set("tributary.writer-id", "lake-writer-bench")
                                .commit();
                    }
                    done += Math.min(1000, size - done);
                    transaction.commitTransaction();
                }
                TableMetadata base = ((BaseTable) table).operations().current();
                Map<Long, String> known = MetadataJson.write(base, Map.of()).snapshots();
                table.newFastAppend().set("tributary.commit-id", "next").commit();
                TableMetadata next = ((BaseTable) table).operations().current();
                int kb = TableMetadataParser.toJson(next).length() / 1024;
                int reps = Math.max(3, 20_000 / Math.max(1, size));
                for (int warm = 0; warm < 5; warm++) {
                    time(() -> TableMetadataParser.toJson(next), reps);
                    time(() -> MetadataJson.write(next, known), reps);
                }
                List<Double> iceberg = new ArrayList<>();
                List<Double> reused = new ArrayList<>();
                for (int round = 0; round < 7; round++) {
                    iceberg.add(time(() -> TableMetadataParser.toJson(next), reps));
                    reused.add(time(() -> MetadataJson.write(next, known), reps));
                }
                double a = median(iceberg);
                double b = median(reused);
                System.out.printf("| %,d | %,d | %.3f | %.3f | %.1f× |%n", size, kb, a, b, a / b);
            }
        }
    }

    /** Mean CPU milliseconds of this thread per call. */
    private static double time(Runnable call, int reps) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
            call.run();
        }
        return (threads.getCurrentThreadCpuTime() - start) / 1e6 / reps;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
