package io.tributary.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Where the running suite is and how to get real tokens from its Keycloak. Values come from the
 * environment that {@code ./tributary test} exports, falling back to {@code .tributary/secrets.env}
 * and the default ports so the tests also run by hand against {@code ./tributary up}.
 */
final class Suite {

    static final List<String> AREAS = List.of("catalog", "ingest", "query", "governance");
    private static final Map<String, String> FILE = readSecretsFile();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Suite() {}

    static String gateway() {
        return setting("TRIBUTARY_GATEWAY_URL", "http://localhost:8080");
    }

    static String issuer() {
        return setting("TRIBUTARY_OIDC_URL", "http://localhost:18180/realms/tributary");
    }

    static int servicePort(String area) {
        int fallback = switch (area) {
            case "catalog" -> 8081;
            case "ingest" -> 8082;
            case "query" -> 8083;
            case "governance" -> 8084;
            default -> 8080;
        };
        return Integer.parseInt(setting("TRIBUTARY_" + area.toUpperCase() + "_PORT", Integer.toString(fallback)));
    }

    static String serviceUrl(String area) {
        return "http://127.0.0.1:" + servicePort(area);
    }

    /**
     * An Iceberg REST catalog client through the gateway, as an engine would open one. It reads and writes files where
     * the tables live: S3 through S3FileIO (endpoint and region from the catalog's /v1/config, keys from the same
     * settings the services get) or the local warehouse through HadoopFileIO.
     */
    static RESTCatalog catalog(String token) {
        // Iceberg probes its maps with containsKey(null), which Map.of() answers with a NullPointerException.
        Map<String, String> properties = new HashMap<>(Map.of(
                "uri",
                gateway() + "/iceberg",
                "token",
                token,
                "io-impl",
                "org.apache.iceberg.io.ResolvingFileIO",
                "http-client.type",
                "urlconnection"));
        String accessKey = setting("TRIBUTARY_S3_ACCESS_KEY", null);
        String secretKey = setting("TRIBUTARY_S3_SECRET_KEY", null);
        if (accessKey != null && secretKey != null) {
            properties.put("s3.access-key-id", accessKey);
            properties.put("s3.secret-access-key", secretKey);
        }
        RESTCatalog catalog = new RESTCatalog();
        catalog.setConf(new Configuration());
        catalog.initialize("tributary", properties);
        return catalog;
    }

    /** Where the services keep the warehouse: {@code local} or {@code s3}. */
    static String storage() {
        return setting("TRIBUTARY_STORAGE", "local");
    }

    /** A password-grant token for an example user, through the public CLI client. */
    static String userToken(String user) {
        return cachedToken(
                "user:" + user,
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "tributary-cli",
                        "username",
                        user,
                        "password",
                        secret("TRIBUTARY_SECRET_USER_" + user.toUpperCase())));
    }

    /** A client-credentials token for the example producer's confidential client. */
    static String producerToken() {
        return cachedToken(
                "client:example-producer",
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "example-producer",
                        "client_secret",
                        secret("TRIBUTARY_SECRET_CLIENT_EXAMPLE_PRODUCER")));
    }

    /**
     * A client-credentials token for one of the services' confidential clients, e.g. {@code tributary-governance}; its
     * secret is {@code TRIBUTARY_SECRET_CLIENT_GOVERNANCE}.
     */
    static String serviceToken(String client) {
        String name = client.replaceFirst("^tributary-", "")
                .toUpperCase(java.util.Locale.ROOT)
                .replace('-', '_');
        return cachedToken(
                "client:" + client,
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        client,
                        "client_secret",
                        secret("TRIBUTARY_SECRET_CLIENT_" + name)));
    }

    /**
     * A cached token, replaced once it has less than two minutes left: the suite runs longer than a token lives (300 s),
     * and a test may hold the token it got for a while.
     */
    private static String cachedToken(String key, Map<String, String> form) {
        return TOKENS.compute(key, (k, cached) -> {
            if (cached != null && claims(cached).getLong("exp") - 120 > System.currentTimeMillis() / 1000) {
                return cached;
            }
            return requestToken(form);
        });
    }

    /**
     * A valid token from the same Keycloak for another realm ({@code master}, its bootstrap admin through
     * {@code admin-cli}): signed by a key the {@code tributary} realm does not publish. Not cached: master-realm
     * tokens live only 60 s.
     */
    static String masterRealmToken() {
        String keycloak = issuer().substring(0, issuer().indexOf("/realms/"));
        return given().formParams(Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "admin-cli",
                        "username",
                        "admin",
                        "password",
                        secret("TRIBUTARY_SECRET_KEYCLOAK_ADMIN")))
                .when()
                .post(keycloak + "/realms/master/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    static JsonPath claims(String token) {
        String payload = new String(
                java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return new JsonPath(payload);
    }

    /** Runs the launcher, e.g. {@code launcher("stop", "query")}, failing the test if it fails. */
    static void launcher(String... args) throws IOException, InterruptedException {
        String launcher = setting(
                "TRIBUTARY_LAUNCHER",
                Path.of("..", "tributary").toAbsolutePath().normalize().toString());
        List<String> command = new java.util.ArrayList<>();
        command.add(launcher);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("launcher " + String.join(" ", args) + " did not finish in 240 s");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("launcher " + String.join(" ", args) + " exited with " + process.exitValue());
        }
    }

    private static String requestToken(Map<String, String> form) {
        return given().formParams(form)
                .when()
                .post(issuer() + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    private static String secret(String name) {
        String value = setting(name, null);
        if (value == null) {
            throw new IllegalStateException(
                    name + " is not set and not in .tributary/secrets.env; run ./tributary up first");
        }
        return value;
    }

    static String setting(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            value = FILE.get(name);
        }
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static Map<String, String> readSecretsFile() {
        Path file = Path.of("..", ".tributary", "secrets.env");
        Map<String, String> values = new HashMap<>();
        if (!Files.isReadable(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    values.put(
                            line.substring(0, eq).trim(),
                            unquote(line.substring(eq + 1).trim()));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
