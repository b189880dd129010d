package io.tributary.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.tributary.contracts.Topics;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Idempotency-Key against the real Kafka and PostgreSQL: a retry is answered, never written again. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class IdempotencyTest {

    static final String BODY =
            "[{\"order_id\": 501, \"customer\": \"ada\", \"amount\": 1}, {\"order_id\": 502, \"customer\": \"bob\", \"amount\": 2}]";

    @Test
    void theSameKeyAndBodyGetTheOriginalReceiptAndKafkaIsUnchanged() throws Exception {
        String topic = Topics.ingest(IngestTestContracts.namespace(), "orders");
        String key = "order-batch-" + UUID.randomUUID();
        JsonPath first = IngestRecordsTest.post("orders", "application/json", BODY, "", key)
                .statusCode(200)
                .extract()
                .jsonPath();
        long afterFirst = KafkaTopics.size(topic);
        var endAfterFirst = KafkaTopics.endOffsets(topic);

        JsonPath second = IngestRecordsTest.post("orders", "application/json", BODY, "", key)
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .extract()
                .jsonPath();
        assertThat(second.getString("receiptId")).isEqualTo(first.getString("receiptId"));
        assertThat(second.getList("partitions")).isEqualTo(first.getList("partitions"));
        assertThat(second.getInt("accepted")).isEqualTo(2);
        assertThat((Object) second.get()).isEqualTo(first.get());
        assertThat(KafkaTopics.endOffsets(topic)).as("nothing written again").isEqualTo(endAfterFirst);
        assertThat(KafkaTopics.size(topic)).isEqualTo(afterFirst);

        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("tributary_ingest_requests_total{outcome=\"replayed\",table=\""
                        + IngestTestContracts.namespace() + ".orders\"}"));
    }

    @Test
    void theSameKeyWithAnotherBodyIs409NamingTheKey() throws Exception {
        String topic = Topics.ingest(IngestTestContracts.namespace(), "orders");
        String key = "order-batch-" + UUID.randomUUID();
        IngestRecordsTest.post("orders", "application/json", BODY, "", key).statusCode(200);
        var end = KafkaTopics.endOffsets(topic);

        IngestRecordsTest.post("orders", "application/json", BODY.replace("501", "503"), "", key)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("Idempotency-Key '" + key + "'"))
                .body("detail", containsString("different body"))
                .body("errors[0].pointer", equalTo("Idempotency-Key"));
        // Same bytes, other mode or media type: another request too.
        IngestRecordsTest.post("orders", "application/json", BODY, "?mode=partial", key)
                .statusCode(409);
        assertThat(KafkaTopics.endOffsets(topic)).isEqualTo(end);
        // One object reads the same as JSON and as NDJSON; the media type still makes it another request.
        String single = "{\"order_id\": 504, \"customer\": \"cy\", \"amount\": 3}";
        String other = "single-" + UUID.randomUUID();
        IngestRecordsTest.post("orders", "application/json", single, "", other).statusCode(200);
        IngestRecordsTest.post("orders", "application/x-ndjson", single, "", other)
                .statusCode(409);

        // A strict request refused with 422 publishes nothing and does not use up its key.
        String refused = "refused-" + UUID.randomUUID();
        IngestRecordsTest.post("orders", "application/json", "{\"order_id\": 1}", "", refused)
                .statusCode(422);
        IngestRecordsTest.post("orders", "application/json", BODY, "", refused).statusCode(200);
    }
}
