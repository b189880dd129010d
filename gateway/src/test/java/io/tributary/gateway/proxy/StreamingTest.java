package io.tributary.gateway.proxy;

import static io.tributary.gateway.testing.TestData.MB;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.gateway.testing.FakeBackendControl;
import io.tributary.gateway.testing.FakeBackends;
import io.tributary.gateway.testing.TestData;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Large bodies cross the gateway as streams. The test JVM (gateway included) runs with the launcher's 256 MB heap,
 * and each transfer stops half-way until the far end has seen the first part, which a buffering proxy never allows.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeBackends.class)
class StreamingTest {

    private static final long SIZE = 50L * MB;
    private static final long CHECKPOINT = 8L * MB;
    private static final String TOKEN = TestTokens.withRoles("bulk-loader", Roles.DATA_PRODUCER);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void fiftyMegabyteUploadArrivesIntactWhileStillBeingSent() throws Exception {
        String id = UUID.randomUUID().toString();
        InputStream body = TestData.stream(SIZE, CHECKPOINT, () -> awaitBackendReceived(id, MB));
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/ingest/v1/bulk/upload"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("X-Upload-Id", id)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> body), SIZE))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject received = new JsonObject(response.body());
        assertThat(received.getLong("bytes")).isEqualTo(SIZE);
        assertThat(received.getString("sha256")).isEqualTo(TestData.sha256Of(SIZE));
        assertThat(received.getString("contentLength")).isEqualTo(Long.toString(SIZE));
    }

    @Test
    void uploadWithoutLengthIsForwardedChunkedAfter100Continue() throws Exception {
        long size = 3L * MB + 17;
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/ingest/v1/stream/upload"))
                .header("Authorization", "Bearer " + TOKEN)
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> TestData.stream(size, size, () -> {})))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject received = new JsonObject(response.body());
        assertThat(received.getLong("bytes")).isEqualTo(size);
        assertThat(received.getString("sha256")).isEqualTo(TestData.sha256Of(size));
        assertThat(received.getString("transferEncoding")).isEqualToIgnoringCase("chunked");
    }

    @Test
    void fiftyMegabyteDownloadArrivesIntactWhileStillBeingProduced() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(
                        "/api/catalog/v1/export/download?size=" + SIZE + "&pauseAt=" + CHECKPOINT + "&id=" + id))
                .header("Authorization", "Bearer " + TOKEN)
                .build();

        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
        MessageDigest digest = TestData.sha256();
        long total;
        try (InputStream in = response.body()) {
            // The backend sends nothing past the checkpoint until we have read up to it through the gateway.
            total = copy(in, digest, CHECKPOINT);
            assertThat(total).isEqualTo(CHECKPOINT);
            FakeBackendControl.release("catalog", id);
            total += copy(in, digest, Long.MAX_VALUE);
        }
        assertThat(total).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(TestData.sha256Of(SIZE));
    }

    @Test
    void responseWithoutLengthIsRelayedChunked() throws Exception {
        long size = 2L * MB + 5;
        HttpRequest request = HttpRequest.newBuilder(
                        gateway.resolve("/api/query/v1/result/download?chunked=true&size=" + size))
                .header("Authorization", "Bearer " + TOKEN)
                .build();

        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        MessageDigest digest = TestData.sha256();
        try (InputStream in = response.body()) {
            assertThat(copy(in, digest, Long.MAX_VALUE)).isEqualTo(size);
        }
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(TestData.sha256Of(size));
    }

    private static long copy(InputStream in, MessageDigest digest, long limit) throws java.io.IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        while (copied < limit) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - copied));
            if (read < 0) {
                break;
            }
            digest.update(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    /** Blocks the upload until the backend has received {@code bytes} of it, or fails it after 30 s. */
    private static void awaitBackendReceived(String id, long bytes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (FakeBackendControl.uploaded("ingest", id) < bytes) {
            if (System.nanoTime() > deadline) {
                throw new UncheckedIOException(new java.io.IOException(
                        "the backend saw no bytes while the upload was half-way: the gateway is buffering"));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
