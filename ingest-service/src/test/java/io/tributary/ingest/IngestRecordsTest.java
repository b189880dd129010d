package io.tributary.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventHeaders;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** The producer API against the real local Kafka: what the receipt promises is what a consumer reads. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class IngestRecordsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PRODUCER = TestTokens.withRoles("orders-app", Roles.DATA_PRODUCER);
    static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @TestHTTPResource("/")
    URL root;

    static String namespace() {
        return IngestTestContracts.namespace();
    }

    static String path(String table) {
        return "/api/ingest/v1/tables/" + namespace() + "/" + table + "/records";
    }

    /** Posts with a new Idempotency-Key each time. */
    static ValidatableResponse post(String table, String contentType, String body, String query) {
        return post(table, contentType, body, query, "idem-" + UUID.randomUUID());
    }

    static ValidatableResponse post(
            String table, String contentType, String body, String query, String idempotencyKey) {
        // Sent as a plain client would: RestAssured would otherwise declare text bodies ISO-8859-1.
        return given().config(RestAssured.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .auth()
                .oauth2(PRODUCER)
                .contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .header("Idempotency-Key", idempotencyKey)
                .header("traceparent", TRACE)
                .when()
                .post(path(table) + query)
                .then();
    }

    static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Published records by key, read at the offsets the receipt gave. */
    static Map<String, ConsumerRecord<byte[], byte[]>> publishedByKey(String topic, JsonPath receipt) {
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTopics.atReceiptOffsets(topic, receipt, "partitions")) {
            byKey.put(new String(record.key(), StandardCharsets.UTF_8), record);
        }
        return byKey;
    }

    @Test
    void jsonRecordsAreInKafkaWithKeysAndHeadersAtTheOffsetsOfTheReceipt() {
        String key = "idem-" + UUID.randomUUID();
        JsonPath receipt = post("orders", "application/json", """
                [{"order_id": 1, "customer": "ada", "amount": 12.5, "placed_at": "2024-05-31T13:45:30+02:00",
                  "tags": ["new", null], "shipping": {"city": "Lyon"}},
                 {"order_id": 2, "customer": "grace", "amount": "0.10"},
                 {"order_id": 3, "customer": "=cmd|' /C calc'!A0", "amount": 3}]""", "", key)
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("table", equalTo(namespace() + ".orders"))
                .body("topic", equalTo(Topics.ingest(namespace(), "orders")))
                .body("contractVersion", equalTo(3))
                .body("mode", equalTo("strict"))
                .body("received", equalTo(3))
                .body("accepted", equalTo(3))
                .body("rejected", equalTo(0))
                .extract()
                .jsonPath();
        assertThat(UUID.fromString(receipt.getString("receiptId")).version()).isEqualTo(7);
        assertThat(receipt.getList("partitions.records", Integer.class).stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(3);

        Map<String, ConsumerRecord<byte[], byte[]>> published =
                publishedByKey(Topics.ingest(namespace(), "orders"), receipt);
        assertThat(published).containsOnlyKeys("1", "2", "3");
        assertThat(json(published.get("1").value())).isEqualTo(json("""
                {"order_id": 1, "customer": "ada", "amount": "12.50", "placed_at": "2024-05-31T11:45:30Z",
                 "tags": ["new", null], "shipping": {"city": "Lyon", "zip": null}}""".getBytes(StandardCharsets.UTF_8)));
        assertThat(json(published.get("2").value()).get("amount").textValue()).isEqualTo("0.10");
        assertThat(json(published.get("3").value()).get("customer").textValue()).isEqualTo("=cmd|' /C calc'!A0");
        for (ConsumerRecord<byte[], byte[]> record : published.values()) {
            assertThat(header(record, EventHeaders.CONTRACT_VERSION)).isEqualTo("3");
            assertThat(header(record, EventHeaders.PRODUCER)).isEqualTo("orders-app");
            assertThat(header(record, EventHeaders.IDEMPOTENCY_KEY)).isEqualTo(key);
            assertThat(header(record, EventHeaders.TRACEPARENT)).isEqualTo(TRACE);
            assertThat(header(record, EventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        }

        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString(
                        "tributary_ingest_records_total{outcome=\"published\",table=\"" + namespace() + ".orders\"}"))
                .body(containsString("tributary_ingest_request_body_bytes_count "))
                .body(containsString("tributary_ingest_request_records_count "))
                .body(containsString("tributary_ingest_kafka_ack_seconds{quantile=\"0.95\"}"))
                .body(containsString("tributary_ingest_kafka_ack_seconds_count "));
    }

    @Test
    void ndjsonAndCsvBodiesPublishTheSameRecordsAsJson() {
        String ndjson = """
                {"sensor": "0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69", "at": "2024-05-31T13:45:30.123456", "values": {"t": 21.5, "h": "NaN"}}

                {"sensor": "0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a6a", "at": "2024-05-31T13:46:00"}
                """;
        String csv = "sensor,at,values\r\n"
                + "0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69,2024-05-31T13:45:30.123456,\"{\"\"t\"\": 21.5, \"\"h\"\": \"\"NaN\"\"}\"\r\n"
                + "0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a6a,2024-05-31T13:46:00,\r\n";
        JsonPath fromNdjson = post("readings", "application/x-ndjson", ndjson, "")
                .statusCode(200)
                .body("accepted", equalTo(2))
                .extract()
                .jsonPath();
        JsonPath fromCsv = post("readings", "text/csv; charset=utf-8", csv, "")
                .statusCode(200)
                .body("accepted", equalTo(2))
                .extract()
                .jsonPath();

        String topic = Topics.ingest(namespace(), "readings");
        List<JsonNode> ndjsonValues = KafkaTopics.atReceiptOffsets(topic, fromNdjson, "partitions").stream()
                .map(r -> json(r.value()))
                .sorted(java.util.Comparator.comparing(JsonNode::toString))
                .toList();
        List<JsonNode> csvValues = KafkaTopics.atReceiptOffsets(topic, fromCsv, "partitions").stream()
                .map(r -> json(r.value()))
                .sorted(java.util.Comparator.comparing(JsonNode::toString))
                .toList();
        assertThat(ndjsonValues).hasSize(2).isEqualTo(csvValues);
        assertThat(ndjsonValues.get(0).toString())
                .isEqualTo("{\"sensor\":\"0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69\",\"at\":\"2024-05-31T13:45:30.123456\","
                        + "\"values\":{\"t\":21.5,\"h\":\"NaN\"}}");
        // No key field in this contract: records are unkeyed.
        assertThat(KafkaTopics.atReceiptOffsets(topic, fromCsv, "partitions"))
                .allSatisfy(r -> assertThat(r.key()).isNull());
    }

    @Test
    void strictModeAnswers422AndPublishesNothing() throws Exception {
        String ledger = Topics.ingest(namespace(), "ledger");
        post("ledger", "application/x-ndjson", """
                {"order_id": 1, "customer": "ada", "amount": 1}
                {"order_id": 2, "customer": "bob", "amount": 1.005, "colour": "red"}
                {"order_id": "3", "customer": "cy", "amount": 1}
                """, "?mode=strict")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tributary.io/problems/records-rejected"))
                .body("status", equalTo(422))
                .body("received", equalTo(3))
                .body("rejected", equalTo(2))
                .body("detail", containsString("nothing was published"))
                .body("errorsTruncated", equalTo(false))
                .body("errors", hasSize(3))
                .body("errors[0].index", equalTo(1))
                .body("errors[0].line", equalTo(2))
                .body("errors[0].pointer", equalTo("/amount"))
                .body("errors[0].expected", equalTo("decimal(10, 2)"))
                .body("errors[0].actual", equalTo("number 1.005"))
                .body("errors[0].message", containsString("never rounded"))
                .body("errors[1].pointer", equalTo("/colour"))
                .body("errors[1].expected", equalTo("no such field"))
                .body("errors[2].index", equalTo(2))
                .body("errors[2].pointer", equalTo("/order_id"))
                .body("errors[2].actual", equalTo("string \"3\""));
        assertThat(KafkaTopics.size(ledger))
                .as("the failed request published nothing")
                .isEqualTo(-1);

        post("ledger", "application/json", "{\"order_id\": 9, \"customer\": \"zoe\", \"amount\": 9}", "")
                .statusCode(200);
        assertThat(KafkaTopics.size(ledger)).as("only the later valid record").isEqualTo(1);
    }

    @Test
    void partialModePublishesTheValidOnesAndDeadLettersTheRestWithReasons() {
        JsonPath receipt = post("orders", "application/x-ndjson", """
                {"order_id": 101, "customer": "ada", "amount": 1}
                {"order_id": 102, "customer": "bob", "amount": "lots"}
                not json at all
                {"order_id": 104, "customer": "dee", "amount": 4}
                """, "?mode=partial")
                .statusCode(200)
                .body("mode", equalTo("partial"))
                .body("received", equalTo(4))
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(2))
                .body("deadLetterTopic", equalTo(Topics.INGEST_DLQ))
                .body("errors", hasSize(2))
                .body("errors[0].index", equalTo(1))
                .body("errors[0].pointer", equalTo("/amount"))
                .body("errors[1].index", equalTo(2))
                .body("errors[1].message", startsWith("Line 3 is not valid JSON"))
                .extract()
                .jsonPath();

        assertThat(publishedByKey(Topics.ingest(namespace(), "orders"), receipt))
                .containsOnlyKeys("101", "104");

        List<ConsumerRecord<byte[], byte[]>> letters =
                KafkaTopics.atReceiptOffsets(Topics.INGEST_DLQ, receipt, "deadLetterPartitions");
        assertThat(letters).hasSize(2).allSatisfy(letter -> {
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(namespace() + ".orders");
            assertThat(header(letter, EventHeaders.CONTRACT_VERSION)).isEqualTo("3");
            assertThat(json(letter.value()).get("receiptId").asText()).isEqualTo(receipt.getString("receiptId"));
        });
        JsonNode bad = letters.stream()
                .map(l -> json(l.value()))
                .filter(l -> l.get("index").asInt() == 1)
                .findFirst()
                .orElseThrow();
        assertThat(bad.get("record").get("amount").asText()).isEqualTo("lots");
        assertThat(bad.get("reasons").get(0).get("pointer").asText()).isEqualTo("/amount");
        assertThat(bad.get("reasons").get(0).get("expected").asText()).isEqualTo("decimal(10, 2)");
        JsonNode unreadable = letters.stream()
                .map(l -> json(l.value()))
                .filter(l -> l.get("index").asInt() == 2)
                .findFirst()
                .orElseThrow();
        assertThat(unreadable.get("raw").asText()).isEqualTo("not json at all");
        assertThat(unreadable.get("line").asInt()).isEqualTo(3);
    }

    @Test
    void unsupportedMediaTypesAre415() throws Exception {
        HttpResponse<String> untyped = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        root.toURI().resolve(path("orders").substring(1)))
                                .header("Authorization", "Bearer " + PRODUCER)
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(untyped.statusCode()).isEqualTo(415);
        assertThat(untyped.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        given().auth()
                .oauth2(PRODUCER)
                .contentType("text/plain")
                .body("id\n1")
                .when()
                .post(path("orders"))
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(PRODUCER)
                .contentType("text/csv; charset=ISO-8859-1")
                .body("id\n1")
                .when()
                .post(path("orders"))
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("detail", equalTo("Bodies must be UTF-8, not ISO-8859-1."));
    }

    @Test
    void bodiesOverTheLimitAre413AndPublishNothing() throws Exception {
        String big = "{\"order_id\": 1, \"customer\": \"" + "x".repeat(300_000) + "\", \"amount\": 1}";
        given().auth()
                .oauth2(PRODUCER)
                .contentType("application/json")
                .body(big)
                .when()
                .post(path("orders"))
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("262144 bytes"));

        // Without a Content-Length the limit is enforced while the body streams in.
        HttpRequest chunked = HttpRequest.newBuilder(
                        root.toURI().resolve(path("orders").substring(1)))
                .header("Authorization", "Bearer " + PRODUCER)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        ("{\"order_id\": 1, \"customer\": \"" + "c".repeat(1000) + "\", \"amount\": 1}\n")
                                .repeat(400)
                                .getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than the limit of 262144 bytes");

        post("orders", "application/x-ndjson", "{}\n".repeat(501), "")
                .statusCode(413)
                .body("detail", containsString("more than the limit of 500 records"));
    }

    @Test
    void onlyProducersMayPost() {
        given().contentType("application/json")
                .body("{}")
                .when()
                .post(path("orders"))
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.withRoles("nora", Roles.DATA_ANALYST, Roles.PLATFORM_ADMIN))
                .contentType("application/json")
                .body("{}")
                .when()
                .post(path("orders"))
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.expired("orders-app", Roles.DATA_PRODUCER))
                .contentType("application/json")
                .body("{}")
                .when()
                .post(path("orders"))
                .then()
                .statusCode(401);
    }

    @Test
    void requestErrorsNameWhatIsWrong() {
        given().auth()
                .oauth2(PRODUCER)
                .contentType("application/json")
                .body("{}")
                .when()
                .post("/api/ingest/v1/tables/" + namespace() + "/nope/records")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString(namespace() + ".nope"));
        given().auth()
                .oauth2(PRODUCER)
                .contentType("application/json")
                .body("{}")
                .when()
                .post("/api/ingest/v1/tables/a.b/orders/records")
                .then()
                .statusCode(400)
                .body("detail", containsString("must match [a-zA-Z0-9_-]+"));
        post("orders", "application/json", "{}", "?mode=lenient")
                .statusCode(400)
                .body("errors[0].pointer", equalTo("mode"));
        post("orders", "application/json", "[{\"order_id\": 1,]", "")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tributary.io/problems/malformed-body"))
                .body("detail", containsString("line 1, column 17"));
        post("orders", "text/csv; charset=utf-8", "order_id,customer,Amount\n1,a,1\n", "")
                .statusCode(400)
                .body("errors.pointer", org.hamcrest.Matchers.contains("/Amount", "/amount"));
        given().auth()
                .oauth2(PRODUCER)
                .contentType("application/json")
                .header("Idempotency-Key", "has space")
                .body("{}")
                .when()
                .post(path("orders"))
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("Idempotency-Key"));
    }
}
