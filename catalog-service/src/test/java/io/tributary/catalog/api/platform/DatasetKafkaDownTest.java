package io.tributary.catalog.api.platform;

import static io.tributary.catalog.api.platform.DatasetApiTest.ADMIN;
import static io.tributary.catalog.api.platform.DatasetApiTest.ANALYST;
import static io.tributary.catalog.api.platform.DatasetApiTest.DATASET;
import static io.tributary.catalog.api.platform.DatasetApiTest.DATASETS;
import static io.tributary.catalog.api.platform.DatasetApiTest.as;
import static io.tributary.catalog.api.platform.DatasetApiTest.ordersBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without Kafka no ingest topic can be made, so no dataset is: 503 with Retry-After and nothing half-created. */
@QuarkusTest
@TestProfile(DatasetKafkaDownTest.KafkaUnreachable.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class DatasetKafkaDownTest {

    /** Topic administration points at a port where no broker listens. */
    public static class KafkaUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tributary.catalog.ingest-topics.bootstrap-servers", "127.0.0.1:1");
        }
    }

    @Inject
    IcebergTestFixture fixture;

    @Test
    void createIs503WithRetryAfterAndLeavesNothing() {
        fixture.reset();
        long outbox = fixture.rows("catalog_outbox");
        as(ADMIN)
                .body(ordersBody("sales", "orders"))
                .post(DATASETS)
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("10"))
                .body("detail", containsString("Kafka"));
        as(ANALYST).get(DATASET, "sales", "orders").then().statusCode(404);
        assertThat(fixture.rows("iceberg_relations")).isZero();
        assertThat(fixture.rows("iceberg_namespaces")).isZero();
        assertThat(fixture.rows("catalog_outbox")).isEqualTo(outbox);
        assertThat(fixture.warehouseFiles()).isEmpty();
    }
}
