package io.tributary.query.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.query.core.Caller;
import io.tributary.query.core.TableName;
import io.tributary.query.core.TablePlan;
import io.tributary.query.engine.duckdb.ScanSql;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Columns are read by name only where that reads exactly what field ids read, and the scan gives the same rows either
 * way: files that predate an added column read it as NULL, a renamed or re-used name forces field ids.
 */
class ColumnNamesTest {

    private static final Schema PEOPLE = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.optional(3, "age", Types.IntegerType.get()));

    @TempDir
    Path warehouse;

    private HadoopCatalog catalog;
    private IcebergTablePlanner planner;
    private Table people;

    @BeforeEach
    void lake() {
        catalog = new HadoopCatalog(new Configuration(), warehouse.toString());
        catalog.createNamespace(Namespace.of("hr"));
        people = catalog.createTable(
                TableIdentifier.of("hr", "people"),
                PEOPLE,
                PartitionSpec.unpartitioned(),
                Map.of(TableProperties.FORMAT_VERSION, "2"));
        planner =
                new IcebergTablePlanner(caller -> catalog, (io, location, size) -> location.replaceFirst("^file:", ""));
        append(List.of(row(1L, "ann", 30), row(2L, "bob", 40)));
    }

    @Test
    void anAddedColumnIsReadByNameAndOlderFilesReadItAsNull() throws Exception {
        people.updateSchema().addColumn("note", Types.StringType.get()).commit();
        people.refresh();
        append(List.of(row(3L, "cid", 50, "new")));

        TablePlan plan = plan();

        assertThat(plan.byName()).isTrue();
        assertThat(ScanSql.scan(plan)).contains("union_by_name = true").doesNotContain("schema :=");
        assertThat(rows(plan)).containsExactly("1|ann|30|null", "2|bob|40|null", "3|cid|50|new");
    }

    @Test
    void aRenamedColumnForcesFieldIds() throws Exception {
        people.updateSchema().renameColumn("name", "full_name").commit();
        people.refresh();
        append(List.of(row(3L, "cid", 50)));

        TablePlan plan = plan();

        assertThat(plan.byName()).isFalse();
        assertThat(ScanSql.scan(plan)).contains("schema :=").doesNotContain("union_by_name");
        assertThat(rows(plan)).containsExactly("1|ann|30", "2|bob|40", "3|cid|50");
    }

    @Test
    void aNameThatBelongedToAnotherFieldForcesFieldIds() throws Exception {
        people.updateSchema().deleteColumn("name").commit();
        people.updateSchema().addColumn("NAME", Types.StringType.get()).commit();
        people.refresh();
        append(List.of(row(3L, 50, "cid")));

        TablePlan plan = plan();

        // By name, the old files' "name" values would show in the new, unrelated column.
        assertThat(plan.byName()).isFalse();
        assertThat(rows(plan)).containsExactly("1|30|null", "2|40|null", "3|50|cid");
    }

    @Test
    void aColumnInNoPlannedFileForcesFieldIds() throws Exception {
        people.updateSchema().addColumn("note", Types.StringType.get()).commit();
        // A snapshot under the new schema that adds no file: no file has the new column, so no name could bind.
        people.newAppend().commit();
        people.refresh();

        TablePlan plan = plan();

        assertThat(plan.byName()).isFalse();
        assertThat(rows(plan)).containsExactly("1|ann|30|null", "2|bob|40|null");
    }

    @Test
    void aPromotedTypeForcesFieldIds() throws Exception {
        people.updateSchema().updateColumn("age", Types.LongType.get()).commit();
        people.refresh();
        append(List.of(row(3L, "cid", 50L)));

        TablePlan plan = plan();

        assertThat(plan.byName()).isFalse();
        assertThat(rows(plan)).containsExactly("1|ann|30", "2|bob|40", "3|cid|50");
    }

    private TablePlan plan() {
        return planner.plan(new Caller("ann", Set.of(), "t"), new TableName("hr", "people"), null, List.of());
    }

    private GenericRecord row(Object... values) {
        GenericRecord record = GenericRecord.create(people.schema());
        for (int i = 0; i < values.length; i++) {
            record.set(i, values[i]);
        }
        return record;
    }

    private void append(List<GenericRecord> records) {
        try {
            DataWriter<GenericRecord> writer = Parquet.writeData(
                            people.io().newOutputFile(people.location() + "/data/" + UUID.randomUUID() + ".parquet"))
                    .schema(people.schema())
                    .createWriterFunc(GenericParquetWriter::create)
                    .withSpec(PartitionSpec.unpartitioned())
                    .overwrite()
                    .build();
            try (writer) {
                records.forEach(writer::write);
            }
            DataFile file = writer.toDataFile();
            people.newAppend().appendFile(file).commit();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> rows(TablePlan plan) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement();
                ResultSet result = statement.executeQuery("SELECT * FROM (" + ScanSql.scan(plan) + ") ORDER BY 1")) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(result.getObject(i)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
