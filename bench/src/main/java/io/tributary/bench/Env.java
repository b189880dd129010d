package io.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.contracts.iceberg.WarehouseFileIO;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Where the running suite is ({@code ./tributary env}), its secrets, and real Keycloak tokens. */
final class Env {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SECRETS = readSecrets();

    private Env() {}

    static String get(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            value = SECRETS.get(name);
        }
        return value == null || value.isEmpty() ? fallback : value;
    }

    static String oidc() {
        return get("TRIBUTARY_OIDC_URL", "http://localhost:18180/realms/tributary");
    }

    static String userToken(HttpClient http, String user) throws IOException, InterruptedException {
        return token(
                http,
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "tributary-cli",
                        "username",
                        user,
                        "password",
                        get("TRIBUTARY_SECRET_USER_" + user.toUpperCase(), "")));
    }

    /**
     * Properties of an Iceberg REST client set up as the lake writer's is, so that figures are the catalog's rather
     * than the client's: local warehouse files through java.nio (Hadoop's local file system starts a chmod process for
     * each manifest) and no metrics report after each commit.
     */
    static Map<String, String> writerLikeCatalog(String catalogUrl, String token) {
        return new HashMap<>(Map.of(
                "uri",
                catalogUrl + "/iceberg",
                "token",
                token,
                "io-impl",
                WarehouseFileIO.class.getName(),
                "rest-metrics-reporting-enabled",
                "false"));
    }

    /**
     * The producer's token, fetched again once it is a minute old (Keycloak's tokens here live five minutes), for
     * a run that sends longer than that.
     */
    static java.util.function.Supplier<String> producerTokens(HttpClient http) {
        return new java.util.function.Supplier<>() {
            private String token;
            private long fetchedAt;

            @Override
            public synchronized String get() {
                if (token == null || System.nanoTime() - fetchedAt > 60_000_000_000L) {
                    try {
                        token = producerToken(http);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    fetchedAt = System.nanoTime();
                }
                return token;
            }
        };
    }

    static String producerToken(HttpClient http) throws IOException, InterruptedException {
        return token(
                http,
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "example-producer",
                        "client_secret",
                        get("TRIBUTARY_SECRET_CLIENT_EXAMPLE_PRODUCER", "")));
    }

    private static String token(HttpClient http, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(oidc() + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "Keycloak refused a token: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private static Map<String, String> readSecrets() {
        String state = System.getenv().getOrDefault("TRIBUTARY_STATE", "");
        Path file = state.isEmpty() ? Path.of("..", ".tributary", "secrets.env") : Path.of(state, "secrets.env");
        Map<String, String> values = new HashMap<>();
        try {
            if (Files.isReadable(file)) {
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    if (eq > 0 && !line.startsWith("#")) {
                        values.put(
                                line.substring(0, eq).trim(),
                                line.substring(eq + 1).trim().replaceAll("^['\"]|['\"]$", ""));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return values;
    }
}
