package io.tributary.ingest.maintenance;

import io.tributary.ingest.writer.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/** Tables of a real Iceberg catalog in this process, with real Parquet files on a temporary directory. */
final class LocalTables {

    static final String TOPIC = "tributary.ingest.shop.orders";

    static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "day", Types.StringType.get()),
            Types.NestedField.optional(3, "note", Types.StringType.get()));

    static final PartitionSpec BY_DAY =
            PartitionSpec.builderFor(SCHEMA).identity("day").build();

    /** Its tables' FileIO is HadoopFileIO on the local disk, which lists by prefix as S3FileIO does. */
    final HadoopCatalog catalog = new HadoopCatalog();

    private long offset;

    LocalTables(Path warehouse) {
        catalog.setConf(new Configuration());
        catalog.initialize(
                "local",
                Map.of(CatalogProperties.WAREHOUSE_LOCATION, warehouse.toUri().toString()));
    }

    Table create(String name) {
        Namespace namespace = Namespace.of("shop");
        if (!catalog.namespaceExists(namespace)) {
            catalog.createNamespace(namespace);
        }
        return catalog.buildTable(TableIdentifier.of(namespace, name), SCHEMA)
                .withPartitionSpec(BY_DAY)
                .create();
    }

    static Record row(long id, String day) {
        GenericRecord row = GenericRecord.create(SCHEMA);
        row.setField("id", id);
        row.setField("day", day);
        row.setField("note", "row " + id);
        return row;
    }

    /** One Parquet file of the rows (all of one day). */
    static DataFile write(Table table, List<Record> rows) {
        OutputFileFactory files = OutputFileFactory.builderFor(table, 1, System.nanoTime())
                .format(FileFormat.PARQUET)
                .operationId(UUID.randomUUID().toString())
                .build();
        PartitionKey key = new PartitionKey(table.spec(), table.schema());
        key.partition(rows.get(0));
        try {
            DataWriter<Record> writer = Parquet.writeData(files.newOutputFile(table.spec(), key))
                    .schema(table.schema())
                    .createWriterFunc(GenericParquetWriter::create)
                    .withSpec(table.spec())
                    .withPartition(key)
                    .overwrite()
                    .build();
            try (writer) {
                rows.forEach(writer::write);
            }
            return writer.toDataFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An append as the lake writer makes it: its files and a checkpoint in the summary. */
    long writerAppend(Table table, DataFile... files) {
        AppendFiles append = table.newAppend();
        for (DataFile file : files) {
            append.appendFile(file);
        }
        offset += 10;
        append.set(Checkpoint.OFFSETS, "{\"" + TOPIC + "\": {\"0\": " + offset + "}}")
                .set(Checkpoint.COMMIT_ID, UUID.randomUUID().toString())
                .set(Checkpoint.WRITER_ID, "test-writer")
                .commit();
        pause();
        return table.currentSnapshot().snapshotId();
    }

    /** An append by another engine: no checkpoint. */
    static long otherAppend(Table table, DataFile... files) {
        AppendFiles append = table.newAppend();
        for (DataFile file : files) {
            append.appendFile(file);
        }
        append.commit();
        pause();
        return table.currentSnapshot().snapshotId();
    }

    static List<Record> rows(Table table) {
        table.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
            read.forEach(r -> rows.add(r.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Rows as comparable text, sorted. */
    static List<String> text(List<Record> rows) {
        return rows.stream()
                .map(r -> r.getField("id") + "|" + r.getField("day") + "|" + r.getField("note"))
                .sorted()
                .toList();
    }

    /** Snapshots a millisecond apart at least, so that ages order them. */
    static void pause() {
        try {
            Thread.sleep(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
