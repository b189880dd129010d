package io.tributary.query.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * A small lake written with Iceberg's own Java API, as engines write it: {@code sales.orders} has a position delete
 * (id 2), an equality delete (id 4) followed by a re-insert of id 4 (which the delete must not touch: its sequence
 * number is higher), a renamed column ({@code customer} is now {@code customer_name}) and an added one
 * ({@code note}); {@code sales.regions} is a plain table to join with.
 */
public final class TestLake {

    public static final Schema ORDERS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "customer", Types.StringType.get()),
            Types.NestedField.optional(3, "email", Types.StringType.get()),
            Types.NestedField.optional(4, "amount", Types.DecimalType.of(10, 2)),
            Types.NestedField.optional(5, "region", Types.StringType.get()),
            Types.NestedField.optional(6, "ts", Types.TimestampType.withZone()));
    public static final Schema REGIONS = new Schema(
            Types.NestedField.required(1, "region", Types.StringType.get()),
            Types.NestedField.optional(2, "label", Types.StringType.get()));

    private static TestLake lake;

    private final HadoopCatalog catalog;
    private final long firstSnapshot;
    private final String firstDataFile;

    private TestLake(HadoopCatalog catalog, long firstSnapshot, String firstDataFile) {
        this.catalog = catalog;
        this.firstSnapshot = firstSnapshot;
        this.firstDataFile = firstDataFile;
    }

    public static synchronized TestLake get() {
        if (lake == null) {
            lake = create(Path.of("target", "test-lake").toAbsolutePath());
        }
        return lake;
    }

    public HadoopCatalog catalog() {
        return catalog;
    }

    /** The snapshot with all five original orders, before any delete. */
    public long firstSnapshot() {
        return firstSnapshot;
    }

    /** Where the first data file of {@code sales.orders} lies on disk. */
    public String firstDataFile() {
        return firstDataFile;
    }

    private static TestLake create(Path warehouse) {
        try {
            if (Files.exists(warehouse)) {
                try (Stream<Path> files = Files.walk(warehouse)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(warehouse);
            HadoopCatalog catalog = new HadoopCatalog(new Configuration(), warehouse.toString());
            catalog.createNamespace(Namespace.of("sales"));
            Table orders = catalog.createTable(
                    TableIdentifier.of("sales", "orders"),
                    ORDERS,
                    PartitionSpec.unpartitioned(),
                    Map.of(TableProperties.FORMAT_VERSION, "2"));
            DataFile first = writeData(
                    orders,
                    ORDERS,
                    List.of(
                            order(1, "ann", "ann@example.com", "10.50", "EU", "2024-01-01T10:00:00Z"),
                            order(2, "bob", "bob@example.com", "20.00", "US", "2024-01-02T11:30:00+02:00"),
                            order(3, "cid", "cid@example.com", "30.00", "EU", "2024-01-03T00:00:00Z"),
                            order(4, "dan", "dan@example.com", "40.00", "US", "2024-01-04T00:00:00Z"),
                            order(5, "eve", "eve@example.com", "50.00", "EU", "2024-01-05T00:00:00Z")));
            orders.newAppend().appendFile(first).commit();
            long firstSnapshot = orders.currentSnapshot().snapshotId();

            // No row schema: position deletes without the deleted rows, as Trino writes them.
            PositionDeleteWriter<Record> positions = Parquet.writeDeletes(newFile(orders))
                    .withSpec(PartitionSpec.unpartitioned())
                    .overwrite()
                    .buildPositionWriter();
            try (positions) {
                positions.write(PositionDelete.<Record>create().set(first.location(), 1L, null));
            }
            orders.newRowDelta().addDeletes(positions.toDeleteFile()).commit();

            Schema idOnly = orders.schema().select("id");
            EqualityDeleteWriter<Record> equality = Parquet.writeDeletes(newFile(orders))
                    .forTable(orders)
                    .rowSchema(idOnly)
                    .createWriterFunc(GenericParquetWriter::create)
                    .equalityFieldIds(1)
                    .withSpec(PartitionSpec.unpartitioned())
                    .overwrite()
                    .buildEqualityWriter();
            try (equality) {
                GenericRecord key = GenericRecord.create(idOnly);
                key.setField("id", 4L);
                equality.write(key);
            }
            DeleteFile equalityDeletes = equality.toDeleteFile();
            orders.newRowDelta().addDeletes(equalityDeletes).commit();

            orders.newAppend()
                    .appendFile(writeData(
                            orders,
                            ORDERS,
                            List.of(order(4, "dan2", "dan2@example.com", "40.25", "EU", "2024-01-06T00:00:00Z"))))
                    .commit();

            orders.updateSchema()
                    .renameColumn("customer", "customer_name")
                    .addColumn("note", Types.StringType.get())
                    .commit();
            orders.refresh();
            GenericRecord late = GenericRecord.create(orders.schema());
            late.setField("id", 6L);
            late.setField("customer_name", "fay");
            late.setField("email", "fay@example.com");
            late.setField("amount", new BigDecimal("60.00"));
            late.setField("region", "EU");
            late.setField("ts", OffsetDateTime.parse("2024-01-07T00:00:00Z"));
            late.setField("note", "added later");
            orders.newAppend()
                    .appendFile(writeData(orders, orders.schema(), List.of(late)))
                    .commit();

            Table regions = catalog.createTable(
                    TableIdentifier.of("sales", "regions"),
                    REGIONS,
                    PartitionSpec.unpartitioned(),
                    Map.of(TableProperties.FORMAT_VERSION, "2"));
            GenericRecord eu = GenericRecord.create(REGIONS);
            eu.setField("region", "EU");
            eu.setField("label", "Europe");
            GenericRecord us = GenericRecord.create(REGIONS);
            us.setField("region", "US");
            us.setField("label", "United States");
            regions.newAppend()
                    .appendFile(writeData(regions, REGIONS, List.of(eu, us)))
                    .commit();
            return new TestLake(catalog, firstSnapshot, first.location().replaceFirst("^file:", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Record order(long id, String customer, String email, String amount, String region, String ts) {
        GenericRecord record = GenericRecord.create(ORDERS);
        record.setField("id", id);
        record.setField("customer", customer);
        record.setField("email", email);
        record.setField("amount", new BigDecimal(amount));
        record.setField("region", region);
        record.setField("ts", OffsetDateTime.parse(ts));
        return record;
    }

    private static OutputFile newFile(Table table) {
        return table.io().newOutputFile(table.location() + "/data/" + UUID.randomUUID() + ".parquet");
    }

    public static DataFile writeData(Table table, Schema schema, List<Record> records) throws IOException {
        DataWriter<Record> writer = Parquet.writeData(newFile(table))
                .schema(schema)
                .createWriterFunc(GenericParquetWriter::create)
                .withSpec(PartitionSpec.unpartitioned())
                .overwrite()
                .build();
        try (writer) {
            records.forEach(writer::write);
        }
        return writer.toDataFile();
    }
}
