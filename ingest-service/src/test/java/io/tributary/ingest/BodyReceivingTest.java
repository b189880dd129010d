package io.tributary.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.contracts.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The records body is received whole before its request goes to a worker: what a producer sees of that, over a raw
 * connection. A caller without a valid token is refused before its body is read; a declared length over the limit is
 * refused before the client sends the body it asked to send with {@code Expect: 100-continue}; a body that arrives in
 * many pieces over time is published whole; a chunked body that grows past the limit is refused while it is still
 * being sent.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class BodyReceivingTest {

    /** {@code tributary.ingest.limits.max-body-bytes} in the test profile. */
    static final int MAX_BODY_BYTES = 262144;

    static final String ANALYST = TestTokens.withRoles("reports-app", Roles.DATA_ANALYST);

    @TestHTTPResource("/")
    URL root;

    static String record(long id) {
        return "{\"order_id\": " + id + ", \"customer\": \"c-" + id + "\", \"amount\": 1}\n";
    }

    private Socket open() throws IOException {
        Socket socket = new Socket(root.getHost(), root.getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    private String head(String table, String token, String... headers) {
        StringBuilder head = new StringBuilder("POST " + OverloadTest.path(table) + " HTTP/1.1\r\nHost: "
                + root.getHost() + ":" + root.getPort() + "\r\nContent-Type: application/x-ndjson\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("Connection: close\r\n\r\n").toString();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        write(out, Integer.toHexString(bytes.length) + "\r\n");
        out.write(bytes);
        write(out, "\r\n");
    }

    /** The status line and headers of the next response on the connection. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCallerWithoutAValidTokenIsRefusedBeforeItsBodyIsRead() throws Exception {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            write(out, head("orders", "not-a-token", "Transfer-Encoding: chunked"));
            chunk(out, record(1));
            // The body never ends: the answer can only come from the token.
            String answer = readHead(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 401");
        }
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            write(out, head("orders", ANALYST, "Transfer-Encoding: chunked"));
            chunk(out, record(1));
            assertThat(readHead(socket.getInputStream()))
                    .as("a token without the producer role")
                    .startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws Exception {
        try (Socket socket = open()) {
            write(
                    socket.getOutputStream(),
                    head(
                            "orders",
                            IngestRecordsTest.PRODUCER,
                            "Content-Length: " + (MAX_BODY_BYTES + 1),
                            "Expect: 100-continue"));
            String answer = readHead(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("application/problem+json");
        }
    }

    @Test
    void aClientThatExpectsContinueIsToldToSendAndIsAnswered() throws Exception {
        String topic = Topics.ingest(IngestTestContracts.namespace(), "orders");
        long before = Math.max(0, KafkaTopics.size(topic));
        String body = record(11) + record(12);
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            write(
                    out,
                    head(
                            "orders",
                            IngestRecordsTest.PRODUCER,
                            "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length,
                            "Expect: 100-continue"));
            assertThat(readHead(in)).startsWith("HTTP/1.1 100");
            write(out, body);
            assertThat(readHead(in)).startsWith("HTTP/1.1 200");
        }
        assertThat(KafkaTopics.size(topic)).isEqualTo(before + 2);
    }

    @Test
    void aBodyInManyPiecesOverTimeIsPublishedWhole() throws Exception {
        String topic = Topics.ingest(IngestTestContracts.namespace(), "orders");
        long before = Math.max(0, KafkaTopics.size(topic));
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            write(out, head("orders", IngestRecordsTest.PRODUCER, "Transfer-Encoding: chunked"));
            for (int i = 0; i < 20; i++) {
                String piece = record(100 + i);
                // A record split across two pieces, the second sent a little later.
                chunk(out, piece.substring(0, 10));
                Thread.sleep(5);
                chunk(out, piece.substring(10));
            }
            write(out, "0\r\n\r\n");
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"accepted\":20");
        }
        assertThat(KafkaTopics.size(topic)).isEqualTo(before + 20);
    }

    @Test
    void aClientThatGoesAwayMidBodyGivesItsBudgetBack() throws Exception {
        String piece = record(1).repeat(100);
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            write(out, head("orders", IngestRecordsTest.PRODUCER, "Transfer-Encoding: chunked"));
            chunk(out, piece);
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    OverloadTest.inFlightBytes() < piece.length() && System.nanoTime() < deadline; ) {
                Thread.sleep(20);
            }
            assertThat(OverloadTest.inFlightBytes())
                    .as("the piece received is held")
                    .isGreaterThanOrEqualTo(piece.length());
        }
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                OverloadTest.inFlightBytes() != 0 && System.nanoTime() < deadline; ) {
            Thread.sleep(20);
        }
        assertThat(OverloadTest.inFlightBytes())
                .as("given back once the connection closed")
                .isZero();
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsRefusedWhileItIsSent() throws Exception {
        String topic = Topics.ingest(IngestTestContracts.namespace(), "orders");
        long before = Math.max(0, KafkaTopics.size(topic));
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            write(out, head("orders", IngestRecordsTest.PRODUCER, "Transfer-Encoding: chunked"));
            StringBuilder piece = new StringBuilder();
            for (int i = 0; piece.length() < 32 * 1024; i++) {
                piece.append(record(i));
            }
            for (int sent = 0; sent <= MAX_BODY_BYTES; sent += piece.length()) {
                chunk(out, piece.toString());
            }
            // The body has not ended, and never will: the answer comes from its length alone.
            String answer = readHead(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413");
        }
        assertThat(KafkaTopics.size(topic)).as("nothing published").isEqualTo(before);
    }
}
