package io.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trino as a user reaches it: HTTPS with a Keycloak token, its client protocol ({@code POST /v1/statement}, then each
 * {@code nextUri} until there is none). The project's launcher started it; its certificate is self-signed and trusted
 * here from the file the launcher wrote.
 */
final class Trino {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = client();

    private Trino() {}

    /** Whether the suite started Trino (TRIBUTARY_TEST_TRINO, on by default in {@code ./tributary test}). */
    static boolean available() {
        return Files.isReadable(certificate()) && !"0".equals(Suite.setting("TRIBUTARY_TEST_TRINO", "1"));
    }

    static String url() {
        return "https://localhost:" + Suite.setting("TRIBUTARY_TRINO_HTTPS_PORT", "18443");
    }

    static Path certificate() {
        return Path.of(Suite.setting(
                "TRIBUTARY_TRINO_CERT",
                Path.of("..", ".tributary", "trino", "tls", "trino.pem").toString()));
    }

    /** A statement's whole answer: its columns, rows, or the error Trino reported. */
    record Result(List<String> columns, List<List<Object>> rows, JsonNode error, String updateType, Long updateCount) {

        boolean failed() {
            return error != null;
        }

        /** Trino's error name, e.g. {@code PERMISSION_DENIED}, {@code TABLE_NOT_FOUND}; null when it succeeded. */
        String errorName() {
            return error == null ? null : error.path("errorName").asText();
        }

        String errorMessage() {
            return error == null ? null : error.path("message").asText();
        }

        /** The rows, failing with Trino's message when the statement failed. */
        List<List<Object>> ok() {
            if (error != null) {
                throw new AssertionError("Trino failed: " + errorName() + ": " + errorMessage());
            }
            return rows;
        }
    }

    /** Runs {@code sql} as the token's user in catalog {@code iceberg} and waits for the whole answer. */
    static Result run(String token, String sql) {
        return run(token, sql, "iceberg", null);
    }

    static Result run(String token, String sql, String catalog, String schema) {
        HttpRequest.Builder post =
                request(token, URI.create(url() + "/v1/statement")).POST(HttpRequest.BodyPublishers.ofString(sql));
        if (catalog != null) {
            post.header("X-Trino-Catalog", catalog);
        }
        if (schema != null) {
            post.header("X-Trino-Schema", schema);
        }
        JsonNode page = send(post.build());
        List<String> columns = null;
        List<List<Object>> rows = new ArrayList<>();
        while (true) {
            if (columns == null && page.has("columns")) {
                columns = new ArrayList<>();
                for (JsonNode column : page.get("columns")) {
                    columns.add(column.path("name").asText());
                }
            }
            for (JsonNode row : page.path("data")) {
                List<Object> values = new ArrayList<>();
                for (JsonNode value : row) {
                    values.add(value.isNull() ? null : JSON.convertValue(value, Object.class));
                }
                rows.add(values);
            }
            if (page.hasNonNull("error")) {
                return new Result(columns, rows, page.get("error"), null, null);
            }
            if (!page.hasNonNull("nextUri")) {
                return new Result(
                        columns == null ? List.of() : columns,
                        rows,
                        null,
                        page.path("updateType").asText(null),
                        page.hasNonNull("updateCount") ? page.get("updateCount").asLong() : null);
            }
            page = send(request(token, URI.create(page.get("nextUri").asText()))
                    .GET()
                    .build());
        }
    }

    private static HttpRequest.Builder request(String token, URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token)
                .header("X-Trino-Source", "tributary-e2e");
    }

    private static JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                Thread.sleep(200);
                return send(request);
            }
            if (response.statusCode() != 200) {
                throw new AssertionError(
                        "Trino answered " + response.statusCode() + " to " + request.uri() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpClient client() {
        try {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
            Path pem = certificate();
            if (Files.isReadable(pem)) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                try (InputStream in = Files.newInputStream(pem)) {
                    trust.setCertificateEntry(
                            "trino", CertificateFactory.getInstance("X.509").generateCertificate(in));
                }
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trust);
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, factory.getTrustManagers(), null);
                builder.sslContext(tls);
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust Trino's certificate " + certificate(), e);
        }
    }
}
