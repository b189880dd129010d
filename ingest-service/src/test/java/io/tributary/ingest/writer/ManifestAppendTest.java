package io.tributary.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A batch appended through {@link ManifestAppend} gives the table what {@code appendFile} gives it. */
class ManifestAppendTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "category", Types.StringType.get()));
    private static final PartitionSpec BY_CATEGORY =
            PartitionSpec.builderFor(SCHEMA).identity("category").build();

    private InMemoryCatalog catalog;

    @BeforeEach
    void setUp() {
        catalog = new InMemoryCatalog();
        catalog.initialize("memory", Map.of("warehouse", "/mem/warehouse"));
        catalog.createNamespace(Namespace.of("sales"));
    }

    @AfterEach
    void tearDown() throws IOException {
        catalog.close();
    }

    @Test
    void anUnpartitionedTableGetsTheSameSnapshotsAsWithAppendFile() throws IOException {
        Table byFile = create("by_file", PartitionSpec.unpartitioned(), Map.of());
        Table byManifest = create("by_manifest", PartitionSpec.unpartitioned(), Map.of());

        for (int batch = 0; batch < 3; batch++) {
            appendBothWays(byFile, byManifest, batch, List.of(""));
        }

        assertSameTables(byFile, byManifest);
        assertThat(byManifest.currentSnapshot().summary())
                .containsEntry("total-records", "900")
                .containsEntry("total-data-files", "9")
                .containsEntry("total-files-size", String.valueOf(9 * 4096))
                .containsEntry("added-files-size", String.valueOf(3 * 4096))
                .containsEntry("writer.custom", "2");
    }

    @Test
    void aPartitionedTableGetsTheSameSnapshotsAndPartitionSummaries() throws IOException {
        Map<String, String> summaries = Map.of(TableProperties.WRITE_PARTITION_SUMMARY_LIMIT, "10");
        Table byFile = create("by_file", BY_CATEGORY, summaries);
        Table byManifest = create("by_manifest", BY_CATEGORY, summaries);

        for (int batch = 0; batch < 3; batch++) {
            appendBothWays(byFile, byManifest, batch, List.of("books", "games"));
        }

        assertSameTables(byFile, byManifest);
        assertThat(byManifest.currentSnapshot().summary())
                .containsEntry("changed-partition-count", "2")
                .containsKey("partitions.category=books");
    }

    @Test
    void theManifestIsCompressedWithTheTablesManifestCodec() throws IOException {
        Map<String, String> zstd = Map.of(TableProperties.MANIFEST_COMPRESSION, "zstd");
        Table byFile = create("by_file", PartitionSpec.unpartitioned(), zstd);
        Table byManifest = create("by_manifest", PartitionSpec.unpartitioned(), zstd);

        appendBothWays(byFile, byManifest, 0, List.of(""));

        assertThat(manifestCodecs(byFile)).containsExactly("zstandard");
        assertThat(manifestCodecs(byManifest)).isEqualTo(manifestCodecs(byFile));
    }

    private static List<String> manifestCodecs(Table table) throws IOException {
        table.refresh();
        List<String> codecs = new ArrayList<>();
        for (ManifestFile manifest : table.currentSnapshot().allManifests(table.io())) {
            try (InputStream in = table.io().newInputFile(manifest.path()).newStream();
                    DataFileStream<Object> avro = new DataFileStream<>(in, new GenericDatumReader<>())) {
                codecs.add(avro.getMetaString("avro.codec"));
            }
        }
        return codecs;
    }

    @Test
    void aFormatVersion1TableTakesTheFilesOneByOne() throws IOException {
        Map<String, String> v1 = Map.of(TableProperties.FORMAT_VERSION, "1");
        Table byFile = create("by_file", PartitionSpec.unpartitioned(), v1);
        Table byManifest = create("by_manifest", PartitionSpec.unpartitioned(), v1);

        appendBothWays(byFile, byManifest, 0, List.of(""));

        assertSameTables(byFile, byManifest);
    }

    private Table create(String name, PartitionSpec spec, Map<String, String> properties) {
        return catalog.createTable(TableIdentifier.of("sales", name), SCHEMA, spec, properties);
    }

    private static void appendBothWays(Table byFile, Table byManifest, int batch, List<String> categories) {
        for (Table table : List.of(byFile, byManifest)) {
            List<DataFile> files = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String category = categories.get(i % categories.size());
                DataFiles.Builder file = DataFiles.builder(table.spec())
                        .withPath(table.location() + "/data/" + batch + "-" + i + ".parquet")
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(4096)
                        .withRecordCount(100);
                if (table.spec().isPartitioned()) {
                    file.withPartitionPath("category=" + category);
                }
                files.add(file.build());
            }
            AppendFiles append = table.newAppend().set("writer.custom", String.valueOf(batch));
            if (table == byFile) {
                files.forEach(append::appendFile);
            } else {
                TableOperations ops = ((HasTableOperations) table).operations();
                ManifestAppend.addFiles(append, ops, ops.refresh(), files);
            }
            append.commit();
        }
    }

    private static void assertSameTables(Table byFile, Table byManifest) throws IOException {
        byFile.refresh();
        byManifest.refresh();
        List<Snapshot> expected = new ArrayList<>();
        byFile.snapshots().forEach(expected::add);
        List<Snapshot> actual = new ArrayList<>();
        byManifest.snapshots().forEach(actual::add);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).summary()).isEqualTo(expected.get(i).summary());
            assertThat(actual.get(i).sequenceNumber()).isEqualTo(expected.get(i).sequenceNumber());
            assertThat(files(actual.get(i).addedDataFiles(byManifest.io()), byManifest))
                    .isEqualTo(files(expected.get(i).addedDataFiles(byFile.io()), byFile));
        }
        assertThat(scan(byManifest)).isEqualTo(scan(byFile));
    }

    /** The files as path (relative to the table), records, partition and sequence numbers. */
    private static List<String> files(Iterable<DataFile> files, Table table) {
        List<String> out = new ArrayList<>();
        for (DataFile file : files) {
            out.add(describe(file, table));
        }
        return out;
    }

    private static String describe(DataFile file, Table table) {
        return file.location().substring(table.location().length()) + " records=" + file.recordCount() + " partition="
                + file.partition() + " data-seq=" + file.dataSequenceNumber() + " file-seq="
                + file.fileSequenceNumber() + " spec=" + file.specId();
    }

    private static List<String> scan(Table table) throws IOException {
        List<String> out = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                out.add(describe(task.file(), table));
            }
        }
        out.sort(String::compareTo);
        return out;
    }
}
