package io.tributary.catalog.api.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Many writers, one table: every append lands exactly once and the history stays a single line, because PostgreSQL's
 * compare-and-swap lets exactly one of two racing commits win and the loser retries on top of the winner.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class IcebergConcurrentAppendTest {

    private static final int WRITERS = 8;
    private static final int APPENDS_PER_WRITER = 50;
    private static final TableIdentifier TABLE = TableIdentifier.of("lake", "events");
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

    @Inject
    IcebergTestFixture fixture;

    @Test
    void eightWritersAppendingConcurrentlyLeaveEveryFileAndALinearHistory() throws Exception {
        fixture.reset();
        try (RESTCatalog admin = fixture.restCatalog("admin", Map.of())) {
            admin.createNamespace(Namespace.of("lake"));
            admin.buildTable(TABLE, SCHEMA)
                    .withProperty(TableProperties.COMMIT_NUM_RETRIES, "1000")
                    .withProperty(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "10")
                    .withProperty(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "200")
                    .withProperty(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true")
                    .create();
        }

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        try {
            for (int writer = 0; writer < WRITERS; writer++) {
                int id = writer;
                writers.add(pool.submit(() -> {
                    // Like a lake writer, load only the snapshots that refs point at: appends need no more.
                    try (RESTCatalog catalog = fixture.restCatalog(
                            "writer-" + id, Map.of(RESTCatalogProperties.SNAPSHOT_LOADING_MODE, "refs"))) {
                        Table table = catalog.loadTable(TABLE);
                        for (int append = 0; append < APPENDS_PER_WRITER; append++) {
                            DataFile file = dataFile(id, append);
                            while (true) {
                                try {
                                    table.newFastAppend().appendFile(file).commit();
                                    break;
                                } catch (CommitFailedException e) {
                                    // The client's own retries (commit.retry.num-retries) ran out: start over.
                                    table.refresh();
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        try (RESTCatalog reader = fixture.restCatalog("reader", Map.of())) {
            Table table = reader.loadTable(TABLE);

            List<Snapshot> snapshots = new ArrayList<>();
            table.snapshots().forEach(snapshots::add);
            assertThat(snapshots).hasSize(WRITERS * APPENDS_PER_WRITER);
            assertThat(snapshots)
                    .allSatisfy(snapshot -> assertThat(snapshot.operation()).isEqualTo("append"));

            // Linear: walking parents from the current snapshot visits every snapshot once, newest to oldest.
            List<Snapshot> chain = new ArrayList<>();
            Snapshot current = table.currentSnapshot();
            while (current != null) {
                chain.add(current);
                current = current.parentId() == null ? null : table.snapshot(current.parentId());
            }
            assertThat(chain).hasSize(WRITERS * APPENDS_PER_WRITER);
            for (int i = 0; i + 1 < chain.size(); i++) {
                assertThat(chain.get(i).sequenceNumber())
                        .isEqualTo(chain.get(i + 1).sequenceNumber() + 1);
            }
            assertThat(table.history()).hasSize(WRITERS * APPENDS_PER_WRITER);

            Set<String> expected = new HashSet<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                for (int append = 0; append < APPENDS_PER_WRITER; append++) {
                    expected.add(dataFile(writer, append).location());
                }
            }
            List<String> files = new ArrayList<>();
            try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                tasks.forEach(task -> files.add(task.file().location()));
            }
            assertThat(files).hasSize(WRITERS * APPENDS_PER_WRITER);
            assertThat(new HashSet<>(files)).isEqualTo(expected);
        }
    }

    private static DataFile dataFile(int writer, int append) {
        return DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath("/lake/events/writer-" + writer + "/append-" + append + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(1024)
                .withRecordCount(10)
                .build();
    }
}
