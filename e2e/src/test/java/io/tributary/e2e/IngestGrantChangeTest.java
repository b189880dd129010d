package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * An INSERT grant given or taken in governance reaches the producer within seconds, although ingest keeps its
 * decisions for 30 s: the policy change is announced on Kafka and ingest drops what it had decided.
 */
class IngestGrantChangeTest {

    /** Well below the 30 s a decision is kept while ingest follows the events that change grants. */
    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void aGrantGivenAndTakenInGovernanceIsHonouredAtOnce() throws Exception {
        String namespace = "e2e_grant_" + Long.toString(System.currentTimeMillis(), 36);
        try (RESTCatalog admin = Suite.catalog(Suite.userToken("ada"))) {
            admin.createNamespace(Namespace.of(namespace), new HashMap<>());
            // No producers in the contract: only a governance grant can let the producer in.
            admin.createTable(
                    TableIdentifier.of(Namespace.of(namespace), "readings"),
                    new Schema(Types.NestedField.required(1, "id", Types.LongType.get())),
                    PartitionSpec.unpartitioned(),
                    new HashMap<>());
        }
        String url = Suite.gateway() + "/api/ingest/v1/tables/" + namespace + "/readings/records";
        String producer = Suite.producerToken();
        assertThat(push(url, producer)).as("no grant yet").isEqualTo(403);

        String steward = Suite.userToken("sam");
        String policy = given().auth()
                .oauth2(steward)
                .contentType("application/json")
                .body(Map.of(
                        "kind", "grant",
                        "principal", "client:example-producer",
                        "privilege", "INSERT",
                        "securable", namespace + ".readings",
                        "reason", "grant change test: the producer may push readings"))
                .post(Suite.gateway() + "/api/governance/v1/policies")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(awaitStatus(url, producer, 200))
                .as("the grant reaches ingest, whose refusal was cached")
                .isEqualTo(200);

        given().auth()
                .oauth2(steward)
                .delete(Suite.gateway() + "/api/governance/v1/policies/" + policy)
                .then()
                .statusCode(204);
        assertThat(awaitStatus(url, producer, 403))
                .as("the revocation reaches ingest, whose allow was cached")
                .isEqualTo(403);
    }

    private static int push(String url, String token) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"id\": 1}")
                .post(url)
                .then()
                .extract()
                .statusCode();
    }

    /** Pushes until the answer is {@code wanted} or {@link #WITHIN} has passed; the last answer. */
    private static int awaitStatus(String url, String token, int wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        int status = push(url, token);
        while (status != wanted && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = push(url, token);
        }
        return status;
    }
}
