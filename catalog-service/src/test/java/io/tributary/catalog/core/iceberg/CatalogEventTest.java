package io.tributary.catalog.core.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.contracts.events.EventTypes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which snapshot events a commit makes: main's, and one per other branch whose head moved. */
class CatalogEventTest {

    private static final TableIdentifier ID = TableIdentifier.of(Namespace.of("sales"), "orders");

    private InMemoryCatalog catalog;
    private Table table;

    @BeforeEach
    void setUp() {
        catalog = new InMemoryCatalog();
        catalog.initialize("memory", Map.of("warehouse", "/mem/warehouse"));
        catalog.createNamespace(Namespace.of("sales"));
        table = catalog.createTable(
                ID,
                new Schema(Types.NestedField.required(1, "id", Types.LongType.get())),
                PartitionSpec.unpartitioned());
    }

    @AfterEach
    void tearDown() throws IOException {
        catalog.close();
    }

    private TableMetadata metadata() {
        table.refresh();
        return ((HasTableOperations) table).operations().current();
    }

    private static DataFile file(String name) {
        return DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath("/lake/" + name + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(10)
                .withRecordCount(2)
                .build();
    }

    private static List<Map<String, Object>> snapshotEvents(List<CatalogEvent> events) {
        return events.stream()
                .filter(e -> e.type().equals(EventTypes.SNAPSHOT_COMMITTED))
                .map(CatalogEvent::data)
                .toList();
    }

    @Test
    void anAppendToMainNamesMainAndOneToABranchNamesOnlyThatBranch() {
        TableMetadata empty = metadata();
        table.newFastAppend().appendFile(file("a")).commit();
        TableMetadata onMain = metadata();
        table.newFastAppend().appendFile(file("b")).toBranch("audit").commit();
        TableMetadata onBranch = metadata();

        List<Map<String, Object>> main = snapshotEvents(CatalogEvent.forCommit(ID, empty, onMain));
        assertThat(main).hasSize(1);
        assertThat(main.get(0))
                .containsEntry("branch", "main")
                .containsEntry("snapshot-id", onMain.currentSnapshot().snapshotId());

        List<Map<String, Object>> audit = snapshotEvents(CatalogEvent.forCommit(ID, onMain, onBranch));
        long head = onBranch.ref("audit").snapshotId();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0))
                .containsEntry("branch", "audit")
                .containsEntry("snapshot-id", head)
                .containsEntry("parent-snapshot-id", onMain.currentSnapshot().snapshotId())
                .containsEntry("added-records", 2L)
                .containsEntry("operation", "append");
        assertThat(List.copyOf(audit.get(0).keySet()).subList(0, 4))
                .containsExactly("namespace", "table", "branch", "snapshot-id");
    }

    @Test
    void tagsAndRemovedBranchesAreNoSnapshotEventsButANewBranchIs() {
        table.newFastAppend().appendFile(file("a")).commit();
        TableMetadata before = metadata();
        long head = before.currentSnapshot().snapshotId();

        table.manageSnapshots().createTag("v1", head).commit();
        TableMetadata tagged = metadata();
        assertThat(snapshotEvents(CatalogEvent.forCommit(ID, before, tagged))).isEmpty();

        table.manageSnapshots().createBranch("dev", head).commit();
        TableMetadata branched = metadata();
        assertThat(snapshotEvents(CatalogEvent.forCommit(ID, tagged, branched)))
                .singleElement()
                .satisfies(
                        data -> assertThat(data).containsEntry("branch", "dev").containsEntry("snapshot-id", head));

        table.manageSnapshots().removeBranch("dev").commit();
        assertThat(snapshotEvents(CatalogEvent.forCommit(ID, branched, metadata())))
                .isEmpty();
    }
}
