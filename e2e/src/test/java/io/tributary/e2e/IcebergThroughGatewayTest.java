package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** An Iceberg engine's view: a real RESTCatalog pointed at the gateway with a Keycloak token. */
@Order(4)
class IcebergThroughGatewayTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()));

    @Test
    void adminCreatesNamespaceAndTableAndCommitsAnAppend() throws Exception {
        String suffix = Long.toString(System.currentTimeMillis(), 36);
        Namespace namespace = Namespace.of("e2e_" + suffix);
        TableIdentifier id = TableIdentifier.of(namespace, "events");
        try (RESTCatalog admin = Suite.catalog(Suite.userToken("ada"))) {
            admin.createNamespace(namespace, new HashMap<>(Map.of("owner", "ada")));
            Table table = admin.createTable(id, SCHEMA, PartitionSpec.unpartitioned());
            DataFile file = DataFiles.builder(PartitionSpec.unpartitioned())
                    .withPath(table.location() + "/data/e2e-0001.parquet")
                    .withFormat(FileFormat.PARQUET)
                    .withFileSizeInBytes(1024)
                    .withRecordCount(42)
                    .build();
            table.newAppend().appendFile(file).commit();

            try (RESTCatalog analyst = Suite.catalog(Suite.userToken("ana"))) {
                Table seen = analyst.loadTable(id);
                assertThat(seen.currentSnapshot()).isNotNull();
                assertThat(seen.currentSnapshot().summary()).containsEntry("added-records", "42");
                assertThat(analyst.listTables(namespace)).containsExactly(id);
                // Analysts read; they do not write.
                assertThatThrownBy(() -> analyst.dropTable(id)).isInstanceOf(ForbiddenException.class);
            }

            admin.dropTable(id, true);
            admin.dropNamespace(namespace);
            assertThat(admin.namespaceExists(namespace)).isFalse();
        }
    }

    @Test
    void invalidTokenIsRefusedWithIcebergsOwnError() {
        // The refusal comes at initialize() (GET /v1/config) or at the first call: either way Iceberg's own exception.
        assertThatThrownBy(() -> {
                    try (RESTCatalog forged = Suite.catalog("not-a-token")) {
                        forged.listNamespaces();
                    }
                })
                .isInstanceOf(NotAuthorizedException.class);
    }
}
