package io.tributary.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.contracts.Topics;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With a tiny in-flight budget: a request that would push the service past it gets 429 + Retry-After before its body
 * is read, nothing of it reaches Kafka, and the budget is whole again once the request holding it ends.
 */
@QuarkusTest
@TestProfile(OverloadTest.TinyBudget.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class OverloadTest {

    static final String PRODUCER = TestTokens.withRoles("orders-app", Roles.DATA_PRODUCER);
    static final Pattern IN_FLIGHT =
            Pattern.compile("(?m)^tributary_ingest_in_flight_bytes(?:\\{[^}]*\\})? ([0-9.E]+)$");

    @TestHTTPResource("/")
    URL root;

    static String path(String table) {
        return "/api/ingest/v1/tables/" + IngestTestContracts.namespace() + "/" + table + "/records";
    }

    static String record(long id) {
        return "{\"order_id\": " + id + ", \"customer\": \"" + "c".repeat(200) + "\", \"amount\": 1}\n";
    }

    static double inFlightBytes() {
        Matcher matcher = IN_FLIGHT.matcher(given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }

    @Test
    void aRequestBeyondTheBudgetIs429AndPublishesNothing() throws Exception {
        String open = Topics.ingest(IngestTestContracts.namespace(), "open");
        long openBefore = Math.max(0, KafkaTopics.size(open));
        String orders = Topics.ingest(IngestTestContracts.namespace(), "orders");
        long ordersBefore = KafkaTopics.size(orders);

        // Request A sends 60 records (about 15 KB, more than the 10 KB the HTTP layer buffers before the resource
        // starts reading) as one chunk of a chunked body, then holds its connection open until released.
        byte[] head = (record(1) + record(2)).repeat(30).getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket(root.getHost(), root.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path("open") + " HTTP/1.1\r\nHost: " + root.getHost() + ":" + root.getPort()
                        + "\r\nAuthorization: Bearer " + PRODUCER + "\r\nContent-Type: application/x-ndjson"
                        + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write((Integer.toHexString(head.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(head);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        boolean released = false;
        try {
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    inFlightBytes() < head.length && System.nanoTime() < deadline; ) {
                Thread.sleep(50);
            }
            assertThat(inFlightBytes())
                    .as(
                            "request A holds its bytes; metrics: %s",
                            given().when()
                                    .get("/q/metrics")
                                    .then()
                                    .extract()
                                    .asString()
                                    .lines()
                                    .filter(l -> l.contains("in_flight"))
                                    .toList())
                    .isGreaterThanOrEqualTo(head.length);

            // Request B declares 6 KB: it does not fit beside A in 20 KB.
            String body = record(3).repeat(24);
            given().auth()
                    .oauth2(PRODUCER)
                    .contentType("application/x-ndjson; charset=utf-8")
                    .body(body.getBytes(StandardCharsets.UTF_8))
                    .when()
                    .post(path("orders"))
                    .then()
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", equalTo("https://tributary.io/problems/overloaded"))
                    .body("detail", containsString("Nothing of this request was published"));
            assertThat(KafkaTopics.size(orders))
                    .as("nothing of B reached Kafka")
                    .isEqualTo(ordersBefore);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            released = true;
            socket.setSoTimeout(60_000);
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).as("request A").startsWith("HTTP/1.1 200");
        } finally {
            if (!released) {
                socket.close();
            }
        }
        socket.close();
        assertThat(KafkaTopics.size(open)).as("all of A").isEqualTo(openBefore + 60);
        assertThat(inFlightBytes()).as("budget given back").isZero();

        // With the budget free again, B goes through.
        given().auth()
                .oauth2(PRODUCER)
                .contentType("application/x-ndjson; charset=utf-8")
                .body(record(3).repeat(24).getBytes(StandardCharsets.UTF_8))
                .when()
                .post(path("orders"))
                .then()
                .statusCode(200)
                .body("accepted", equalTo(24));
        given().when()
                .get("/q/metrics")
                .then()
                .body(containsString("tributary_ingest_requests_total{outcome=\"throttled\",table=\""
                        + IngestTestContracts.namespace() + ".orders\"} 1.0"));
    }

    public static class TinyBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tributary.ingest.limits.max-in-flight-bytes",
                    "20480",
                    "tributary.ingest.limits.max-in-flight-records",
                    "1000");
        }
    }
}
