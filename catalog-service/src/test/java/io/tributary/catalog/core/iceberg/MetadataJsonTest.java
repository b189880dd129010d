package io.tributary.catalog.core.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The metadata JSON with reused snapshot parts is exactly what Iceberg's own parser writes. */
class MetadataJsonTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "day", Types.StringType.get()));

    private static Table table(InMemoryCatalog catalog, int formatVersion) {
        catalog.initialize("test", Map.of());
        catalog.createNamespace(Namespace.of("db"));
        return catalog.createTable(
                TableIdentifier.of("db", "t"),
                SCHEMA,
                PartitionSpec.builderFor(SCHEMA).identity("day").build(),
                Map.of("format-version", Integer.toString(formatVersion)));
    }

    private static void append(Table table, int i) {
        table.newFastAppend()
                .appendFile(DataFiles.builder(table.spec())
                        .withPath("/lake/t/day=d" + i + "/" + i + ".parquet")
                        .withPartitionPath("day=d" + i)
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(100 + i)
                        .withRecordCount(i + 1)
                        .build())
                // Summary values that need escaping, and text beyond ASCII.
                .set("tributary.offsets", "{\"t\":{\"0\":" + i + "}}")
                .set("note", "zoë \u00e9t\u00e9 \\ \t line\nnext \u2603")
                .commit();
    }

    private static TableMetadata current(Table table) {
        return ((BaseTable) table).operations().current();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void isIcebergsJsonWithAndWithoutKnownSnapshots(int formatVersion) throws Exception {
        try (InMemoryCatalog catalog = new InMemoryCatalog()) {
            Table table = table(catalog, formatVersion);
            TableMetadata empty = current(table);
            MetadataJson.Written first = MetadataJson.write(empty, Map.of());
            assertThat(first.json()).isEqualTo(TableMetadataParser.toJson(empty));
            assertThat(first.snapshots()).isEmpty();

            Map<Long, String> known = first.snapshots();
            for (int i = 0; i < 25; i++) {
                append(table, i);
                if (i == 10) {
                    table.manageSnapshots()
                            .createTag("t10", table.currentSnapshot().snapshotId())
                            .createBranch("audit", table.currentSnapshot().snapshotId())
                            .commit();
                    table.updateProperties().set("k", "v").commit();
                }
                TableMetadata metadata = current(table);
                MetadataJson.Written written = MetadataJson.write(metadata, known);
                assertThat(written.json()).isEqualTo(TableMetadataParser.toJson(metadata));
                assertThat(MetadataJson.write(metadata, Map.of()).json()).isEqualTo(written.json());
                assertThat(written.snapshots()).hasSize(metadata.snapshots().size());
                known = written.snapshots();
            }

            // Expired snapshots leave the parts; the rest are still reused.
            table.expireSnapshots()
                    .expireOlderThan(System.currentTimeMillis() + 1)
                    .retainLast(5)
                    .commit();
            TableMetadata expired = current(table);
            MetadataJson.Written afterExpiry = MetadataJson.write(expired, known);
            assertThat(afterExpiry.json()).isEqualTo(TableMetadataParser.toJson(expired));
            assertThat(afterExpiry.snapshots().keySet())
                    .containsExactlyInAnyOrderElementsOf(expired.snapshots().stream()
                            .map(s -> s.snapshotId())
                            .toList());
            assertThat(TableMetadataParser.fromJson(afterExpiry.json()).snapshots())
                    .hasSameSizeAs(expired.snapshots());
        }
    }

    @Test
    void aKnownPartIsUsedAsItIs() throws Exception {
        // The parts are trusted by snapshot id: the catalog only passes parts of the same table's earlier versions.
        try (InMemoryCatalog catalog = new InMemoryCatalog()) {
            Table table = table(catalog, 2);
            append(table, 1);
            append(table, 2);
            TableMetadata metadata = current(table);
            long first = metadata.snapshots().get(0).snapshotId();
            Map<Long, String> known = new HashMap<>();
            known.put(
                    first,
                    SnapshotParser.toJson(metadata.snapshots().get(0), false).replace("\"append\"", "\"kept\""));

            String json = MetadataJson.write(metadata, known).json();
            assertThat(json).contains("\"kept\"").isNotEqualTo(TableMetadataParser.toJson(metadata));
            assertThat(json.replace("\"kept\"", "\"append\"")).isEqualTo(TableMetadataParser.toJson(metadata));
        }
    }
}
