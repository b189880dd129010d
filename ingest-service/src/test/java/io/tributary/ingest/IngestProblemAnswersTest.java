package io.tributary.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The producer API's refusals, answer by answer: producers parse these bodies, so they stay exactly as they are. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class IngestProblemAnswersTest {

    private static final String TYPES = "https://tributary.io/problems/";

    private static Response post(String table, String contentType, String body, String query, String key) {
        return given().config(RestAssured.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .auth()
                .oauth2(IngestRecordsTest.PRODUCER)
                .contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .header("Idempotency-Key", key)
                .header("X-Request-Id", "r-" + key)
                .when()
                .post(IngestRecordsTest.path(table) + query);
    }

    private static void assertAnswer(Response response, int status, String body) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.asString()).isEqualTo(body);
    }

    @Test
    void aTableWithoutContractIsNotFound() {
        String table = IngestTestContracts.namespace() + ".nothing";
        assertAnswer(
                post("nothing", "application/json", "{}", "", "k1"),
                404,
                "{\"type\":\"" + TYPES + "not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"No table " + table + " accepts records: it does not exist or has no ingest "
                        + "contract.\",\"instance\":\"r-k1\"}");
    }

    @Test
    void aBodyThatIsNoRecordIsMalformed() {
        assertAnswer(
                post("orders", "application/json", "42", "", "k2"),
                400,
                "{\"type\":\"" + TYPES + "malformed-body\",\"title\":\"Malformed request body\",\"status\":400,"
                        + "\"detail\":\"The body must be a JSON object or an array of JSON objects.\","
                        + "\"instance\":\"r-k2\"}");
    }

    @Test
    void anotherCharsetIsUnsupported() {
        assertAnswer(
                post("orders", "application/json; charset=ISO-8859-1", "{}", "", "k3"),
                415,
                "{\"type\":\"" + TYPES + "unsupported-media-type\",\"title\":\"Unsupported Media Type\","
                        + "\"status\":415,\"detail\":\"Bodies must be UTF-8, not ISO-8859-1.\",\"instance\":\"r-k3\"}");
    }

    @Test
    void modeGivenTwiceIsInvalid() {
        assertAnswer(
                post("orders", "application/json", "{}", "?mode=strict&mode=partial", "k4"),
                400,
                "{\"type\":\"" + TYPES + "invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                        + "\"detail\":\"Give mode once, not 2 times.\",\"instance\":\"r-k4\",\"errors\":["
                        + "{\"pointer\":\"mode\",\"message\":\"Give mode once, not 2 times.\"}]}");
    }

    @Test
    void aKeyReusedWithAnotherBodyIsAConflict() {
        String key = "k5-" + UUID.randomUUID();
        String first = "{\"order_id\": 1, \"customer\": \"ada\", \"amount\": 1}";
        String second = "{\"order_id\": 2, \"customer\": \"ada\", \"amount\": 1}";
        assertThat(post("orders", "application/json", first, "", key).statusCode())
                .isEqualTo(200);
        String message = "Idempotency-Key '" + key + "' was already used for " + IngestTestContracts.namespace()
                + ".orders with a different body, media type or mode; use a new key for a new request. "
                + "Nothing was published.";
        assertAnswer(
                post("orders", "application/json", second, "", key),
                409,
                "{\"type\":\"" + TYPES + "conflict\",\"title\":\"Conflict\",\"status\":409,\"detail\":\""
                        + message + "\",\"instance\":\"r-" + key + "\",\"errors\":[{\"pointer\":\"Idempotency-Key\","
                        + "\"message\":\"" + message + "\"}]}");
    }
}
