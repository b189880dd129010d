package io.tributary.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The INSERT grant from the contract's producers, and the audit trail on {@code tributary.audit}, read back from
 * the real Kafka.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class AuthorizationAndAuditTest {

    static final String ROW = "{\"order_id\": 7, \"customer\": \"ada\", \"amount\": 1}";
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    static String path(String table) {
        return "/api/ingest/v1/tables/" + IngestTestContracts.namespace() + "/" + table + "/records";
    }

    static io.restassured.response.ValidatableResponse post(String client, String table, String key) {
        return given().auth()
                .oauth2(TestTokens.withRoles(client, Roles.DATA_PRODUCER))
                .contentType("application/json")
                .header("Idempotency-Key", key)
                .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .body(ROW)
                .when()
                .post(path(table))
                .then();
    }

    static JsonNode auditFor(Map<TopicPartition, Long> from, String idempotencyKey) {
        ConsumerRecord<byte[], byte[]> record = KafkaTopics.findAfter(
                Topics.AUDIT,
                from,
                r -> IngestRecordsTest.json(r.value())
                        .path("data")
                        .path("detail")
                        .path("idempotencyKey")
                        .asText("")
                        .equals(idempotencyKey));
        assertThat(record).as("audit event of request " + idempotencyKey).isNotNull();
        assertThat(IngestRecordsTest.header(record, EventHeaders.CONTENT_TYPE))
                .isEqualTo(EventHeaders.CLOUDEVENTS_CONTENT_TYPE);
        assertThat(IngestRecordsTest.header(record, EventHeaders.TRACEPARENT)).startsWith("00-" + TRACE_ID + "-");
        JsonNode event = IngestRecordsTest.json(record.value());
        assertThat(new String(record.key(), StandardCharsets.UTF_8))
                .isEqualTo(event.path("data").path("principal").asText());
        return event;
    }

    @Test
    void aProducerNotInTheContractIs403NamingTableAndPrincipalAndTheDenialIsAudited() throws Exception {
        String guarded = Topics.ingest(IngestTestContracts.namespace(), "guarded");
        Map<TopicPartition, Long> auditEnd = KafkaTopics.endOffsets(Topics.AUDIT);
        String key = "denied-" + UUID.randomUUID();
        post("orders-app", "guarded", key)
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tributary.io/problems/insert-denied"))
                .body(
                        "detail",
                        allOf(
                                containsString("orders-app"),
                                containsString(IngestTestContracts.namespace() + ".guarded"),
                                containsString("INSERT grant")));
        given().auth()
                .oauth2(TestTokens.withRoles("anyone", Roles.DATA_PRODUCER))
                .contentType("application/json")
                .body(ROW)
                .when()
                .post(path("closed"))
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        allOf(
                                containsString("names no producers"),
                                containsString("anyone"),
                                containsString(IngestTestContracts.namespace() + ".closed")));
        assertThat(KafkaTopics.size(guarded)).as("nothing published").isEqualTo(-1);

        JsonNode event = auditFor(auditEnd, key);
        assertThat(event.path("type").asText()).isEqualTo(EventTypes.AUDIT_RECORDED);
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        JsonNode data = event.path("data");
        assertThat(data.path("principal").asText()).isEqualTo("orders-app");
        assertThat(data.path("client").asText()).isEqualTo("orders-app");
        assertThat(data.path("action").asText()).isEqualTo("ingest.records.write");
        assertThat(data.path("resource").asText()).isEqualTo("table:" + IngestTestContracts.namespace() + ".guarded");
        assertThat(data.path("outcome").asText()).isEqualTo("denied");
        assertThat(data.path("traceId").asText()).isEqualTo(TRACE_ID);
        assertThat(data.path("detail").path("receiptId").isNull()).isTrue();

        // The listed producer, and any producer where the contract says "*".
        post("billing-app", "guarded", "ok-" + UUID.randomUUID())
                .statusCode(200)
                .body("accepted", equalTo(1));
        post("someone-else", "open", "ok-" + UUID.randomUUID()).statusCode(200).body("accepted", equalTo(1));
        assertThat(KafkaTopics.size(guarded)).isEqualTo(1);
    }

    @Test
    void anAcceptedRequestIsAuditedWithWhoWhatCountsReceiptKeyTimeAndTrace() throws Exception {
        Map<TopicPartition, Long> auditEnd = KafkaTopics.endOffsets(Topics.AUDIT);
        String key = "audited-" + UUID.randomUUID();
        Instant before = Instant.now().minus(Duration.ofSeconds(1));
        JsonPath receipt =
                post("orders-app", "orders", key).statusCode(200).extract().jsonPath();

        JsonNode event = auditFor(auditEnd, key);
        assertThat(event.path("source").asText()).isEqualTo("/tributary/ingest");
        assertThat(event.path("subject").asText()).isEqualTo("table:" + IngestTestContracts.namespace() + ".orders");
        JsonNode data = event.path("data");
        assertThat(data.path("outcome").asText()).isEqualTo("accepted");
        assertThat(data.path("principal").asText()).isEqualTo("orders-app");
        assertThat(data.path("action").asText()).isEqualTo("ingest.records.write");
        assertThat(data.path("detail").path("receiptId").asText()).isEqualTo(receipt.getString("receiptId"));
        assertThat(data.path("detail").path("received").asLong()).isEqualTo(1);
        assertThat(data.path("detail").path("accepted").asLong()).isEqualTo(1);
        assertThat(data.path("detail").path("rejected").asLong()).isZero();
        assertThat(data.path("traceId").asText()).isEqualTo(TRACE_ID);
        Instant when = Instant.parse(data.path("occurredAt").asText());
        assertThat(data.path("occurredAt").asText()).endsWith("Z");
        assertThat(when).isAfter(before).isBefore(Instant.now().plusSeconds(1));

        // Counted when Kafka acknowledges, which may come a moment after a consumer can read the event.
        String metrics = "";
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                !metrics.contains("tributary_ingest_audit_events_total{result=\"sent\"}")
                        && System.nanoTime() < deadline; ) {
            metrics = given().when()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
        }
        assertThat(metrics).contains("tributary_ingest_audit_events_total{result=\"sent\"}");
    }
}
