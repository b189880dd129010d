package io.tributary.catalog.api.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.catalog.core.iceberg.CatalogRules;
import io.tributary.catalog.core.iceberg.CatalogStore;
import io.tributary.catalog.core.iceberg.TributaryCatalog;
import io.tributary.catalog.core.iceberg.WarehouseStorage;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Two catalog replicas on one database: each keeps parsed metadata in memory, yet neither answers stale metadata after
 * the other committed, because every load and commit reads the current metadata location from the database first.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class IcebergReplicaCommitTest {

    private static final TableIdentifier TABLE = TableIdentifier.of("replicas", "events");

    @Inject
    IcebergTestFixture fixture;

    @Inject
    CatalogStore store;

    @Inject
    WarehouseStorage storage;

    @Test
    void eachReplicaSeesTheOthersCommitsAtOnce() throws Exception {
        fixture.reset();
        TributaryCatalog replica = new TributaryCatalog(
                store,
                storage.io(),
                storage.location(),
                new CatalogRules(1000, 1 << 20, List.of(storage.location())),
                50_000);
        replica.initialize("tributary", Map.of());
        try (RESTCatalog service = fixture.restCatalog("service", Map.of())) {
            service.createNamespace(Namespace.of("replicas"));
            Table viaService =
                    service.createTable(TABLE, new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
            append(viaService, "a");
            assertThat(service.loadTable(TABLE).snapshots()).hasSize(1);

            Table viaReplica = replica.loadTable(TABLE);
            assertThat(viaReplica.snapshots()).hasSize(1);
            append(viaReplica, "b");

            // The service cached the metadata of its own commit; the database now names the replica's.
            Table reloaded = service.loadTable(TABLE);
            assertThat(reloaded.snapshots()).hasSize(2);
            assertThat(reloaded.currentSnapshot().snapshotId())
                    .isEqualTo(viaReplica.currentSnapshot().snapshotId());
            append(reloaded, "c");

            assertThat(replica.loadTable(TABLE).snapshots()).hasSize(3);
            assertThat(service.loadTable(TABLE).snapshots()).hasSize(3);
        }
    }

    private static void append(Table table, String name) {
        table.newFastAppend()
                .appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                        .withPath(table.location() + "/data/" + name + ".parquet")
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(1024)
                        .withRecordCount(10)
                        .build())
                .commit();
    }
}
