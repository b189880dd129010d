package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Governance decides for Trino users exactly as for our APIs: real Trino, real tokens, policies made by a steward
 * through the policies API. Trino tells governance only a user's name; roles and the {@code country} attribute come
 * from Keycloak (abe never calls our APIs) or from the user's recent token.
 */
@Order(11)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernanceTrinoTest {

    private static final String POLICIES = "/api/governance/v1/policies";
    private static final String SUFFIX = Long.toString(System.currentTimeMillis(), 36);
    private static final String NAMESPACE = "e2e_gov_" + SUFFIX;
    private static final String CUSTOMERS = NAMESPACE + ".customers";
    private static final String SECRETS = NAMESPACE + ".secrets";
    private static final String SELECT = "SELECT email, country FROM " + CUSTOMERS + " ORDER BY id";
    /** The rows in id order: e-mail in clear and country. */
    private static final Map<String, String> CLEAR = new LinkedHashMap<>();

    static {
        CLEAR.put("ana@shop.de", "DE");
        CLEAR.put("bo@shop.de", "DE");
        CLEAR.put("abe@shop.fr", "FR");
        CLEAR.put("cy@shop.fr", "FR");
    }

    private static final List<String> CREATED_TABLES = new ArrayList<>();
    private static String rowFilterId;

    @BeforeAll
    static void stewardSetsUpATableWithPiiAndAFilterByCountry() {
        assumeTrue(Trino.available(), "Trino is not running (TRIBUTARY_TEST_TRINO=0)");
        createTable("customers");
        createTable("secrets");
        StringBuilder values = new StringBuilder();
        int id = 1;
        for (Map.Entry<String, String> row : CLEAR.entrySet()) {
            values.append(values.isEmpty() ? "" : ", ")
                    .append("(")
                    .append(id++)
                    .append(", '")
                    .append(row.getKey())
                    .append("', '")
                    .append(row.getValue())
                    .append("')");
        }
        for (String table : List.of(CUSTOMERS, SECRETS)) {
            assertThat(Trino.run(admin(), "INSERT INTO " + table + " VALUES " + values)
                            .ok())
                    .containsExactly(List.of(CLEAR.size()));
        }
        rowFilterId = given().header("Authorization", "Bearer " + steward())
                .contentType(ContentType.JSON)
                .body(rowFilter("country = attribute('country')", "analysts see the customers of their own country"))
                .post(Suite.gateway() + POLICIES)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @AfterAll
    static void dropWhatThisClassMade() {
        if (rowFilterId != null) {
            given().header("Authorization", "Bearer " + steward())
                    .queryParam("reason", "end of GovernanceTrinoTest")
                    .delete(Suite.gateway() + POLICIES + "/" + rowFilterId)
                    .then()
                    .statusCode(204);
        }
        for (String table : CREATED_TABLES) {
            given().header("Authorization", "Bearer " + admin())
                    .queryParam("purge", true)
                    .delete(Suite.gateway() + "/api/catalog/v1/namespaces/" + NAMESPACE + "/tables/" + table)
                    .then()
                    .statusCode(204);
        }
        if (!CREATED_TABLES.isEmpty()) {
            try (RESTCatalog catalog = Suite.catalog(admin())) {
                catalog.dropNamespace(Namespace.of(NAMESPACE));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    @Order(1)
    void eachAnalystSeesTheirOwnCountryWithHashedEmailsAndTheStewardSeesAll() {
        List<List<Object>> ana = Trino.run(Suite.userToken("ana"), SELECT).ok();
        assertThat(ana).extracting(row -> row.get(1)).containsExactly("DE", "DE");
        assertHashed(ana);

        // abe has never called a Tributary API: governance knows his role and country from Keycloak only.
        List<List<Object>> abe = Trino.run(Suite.userToken("abe"), SELECT).ok();
        assertThat(abe).extracting(row -> row.get(1)).containsExactly("FR", "FR");
        assertHashed(abe);

        List<List<Object>> sam = Trino.run(steward(), SELECT).ok();
        assertThat(sam)
                .containsExactly(
                        List.of("ana@shop.de", "DE"),
                        List.of("bo@shop.de", "DE"),
                        List.of("abe@shop.fr", "FR"),
                        List.of("cy@shop.fr", "FR"));
    }

    @Test
    @Order(2)
    void aTableWithoutAGrantIsDeniedInTrinoAndInTheApiAndNotListed() {
        String id = analystGrantId();
        try {
            // Narrow the bootstrap "analysts read everything" to one table, for as short a time as the checks take.
            update(id, analystGrant(CUSTOMERS, "only the customers table, for a test"));

            Trino.Result denied =
                    poll(() -> Trino.run(Suite.userToken("ana"), "SELECT email FROM " + SECRETS), Trino.Result::failed);
            assertThat(denied.errorName()).isEqualTo("PERMISSION_DENIED");
            assertThat(denied.errorMessage()).startsWith("Access Denied");

            assertThat(Trino.run(Suite.userToken("ana"), "SHOW TABLES FROM " + NAMESPACE)
                            .ok())
                    .containsExactly(List.of("customers"));
            assertThat(Trino.run(steward(), "SHOW TABLES FROM " + NAMESPACE).ok())
                    .containsExactlyInAnyOrder(List.of("customers"), List.of("secrets"));

            Response api = given().header("Authorization", "Bearer " + Suite.userToken("ana"))
                    .contentType(ContentType.JSON)
                    .body(Map.of("sql", "SELECT email FROM " + SECRETS))
                    .post(Suite.gateway() + "/api/query/v1/statements");
            assertThat(api.statusCode()).isEqualTo(403);
            assertThat(api.contentType()).startsWith("application/problem+json");
            assertThat(api.jsonPath().getString("type")).isEqualTo("https://tributary.io/problems/access-denied");
            assertThat(api.jsonPath().getString("detail")).contains(SECRETS);
        } finally {
            update(id, analystGrant("*", "restores the bootstrap grant after a test"));
        }
        assertThat(poll(
                                () -> Trino.run(Suite.userToken("ana"), "SELECT count(*) FROM " + SECRETS),
                                result -> !result.failed())
                        .ok())
                .containsExactly(List.of(CLEAR.size()));
    }

    @Test
    @Order(3)
    void aRowFilterChangeReachesTrinosNextQueryWithinASecond() {
        String ana = Suite.userToken("ana");
        assertThat(Trino.run(ana, SELECT).ok()).hasSize(2);
        update(rowFilterId, rowFilter("country = attribute('country') OR country = 'FR'", "analysts also see France"));
        long changed = System.nanoTime();
        // Queries start every 100 ms (or as soon as the previous one answers); the first to see France counts.
        long seenAfter = -1;
        long deadline = changed + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            long started = System.nanoTime();
            if (Trino.run(ana, SELECT).ok().size() == CLEAR.size()) {
                seenAfter = TimeUnit.NANOSECONDS.toMillis(started - changed);
                break;
            }
            sleepUntil(started + TimeUnit.MILLISECONDS.toNanos(100));
        }
        System.out.println("GovernanceTrinoTest: the row filter change reached a Trino query started " + seenAfter
                + " ms after the change was acknowledged");
        assertThat(seenAfter).as("ms until a Trino query saw the change").isBetween(0L, 1000L);

        update(rowFilterId, rowFilter("country = attribute('country')", "back to each analyst's own country"));
    }

    @Test
    @Order(4)
    void theAuditChainNamesAnEditedEntryAndIsValidOnceItIsRestored() throws Exception {
        verify().body("valid", org.hamcrest.Matchers.equalTo(true));
        List<String> last = psql("SELECT seq, principal FROM audit_log ORDER BY seq DESC LIMIT 1");
        assertThat(last).hasSize(1);
        String[] row = last.get(0).split("\\|", 2);
        long seq = Long.parseLong(row[0]);
        String principal = row[1];
        editPrincipal(seq, "mallory");
        try {
            verify().body("valid", org.hamcrest.Matchers.equalTo(false))
                    .body("first-broken-entry.seq", org.hamcrest.Matchers.equalTo((int) seq));
        } finally {
            editPrincipal(seq, principal);
        }
        verify().body("valid", org.hamcrest.Matchers.equalTo(true));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static String admin() {
        return Suite.userToken("ada");
    }

    private static String steward() {
        return Suite.userToken("sam");
    }

    private static void createTable(String name) {
        given().header("Authorization", "Bearer " + admin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "namespace",
                        NAMESPACE,
                        "name",
                        name,
                        "columns",
                        List.of(
                                Map.of("name", "id", "type", "long"),
                                Map.of("name", "email", "type", "string"),
                                Map.of("name", "country", "type", "string")),
                        "column-tags",
                        Map.of("email", List.of("pii.email"))))
                .post(Suite.gateway() + "/api/catalog/v1/datasets")
                .then()
                .statusCode(201);
        CREATED_TABLES.add(name);
    }

    private static void assertHashed(List<List<Object>> rows) {
        for (List<Object> row : rows) {
            assertThat((String) row.get(0)).matches("[0-9a-f]{64}").isNotIn(CLEAR.keySet());
        }
    }

    /** The bootstrap grant "analysts may read every table". */
    private static String analystGrantId() {
        List<Map<String, Object>> grants = given().header("Authorization", "Bearer " + steward())
                .queryParam("kind", "grant")
                .get(Suite.gateway() + POLICIES)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("policies");
        return grants.stream()
                .filter(p -> "role:data-analyst".equals(p.get("principal"))
                        && "SELECT".equals(p.get("privilege"))
                        && "*".equals(p.get("securable")))
                .map(p -> (String) p.get("id"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no grant of SELECT on * to role:data-analyst: " + grants));
    }

    private static Map<String, Object> analystGrant(String securable, String reason) {
        return Map.of(
                "kind", "grant",
                "principal", "role:data-analyst",
                "privilege", "SELECT",
                "securable", securable,
                "description", "Analysts may read every table until a steward narrows this grant.",
                "reason", reason);
    }

    private static Map<String, Object> rowFilter(String predicate, String reason) {
        return Map.of(
                "kind", "row-filter",
                "table", CUSTOMERS,
                "predicate", predicate,
                "applies-to", List.of("role:data-analyst"),
                "reason", reason);
    }

    /** A steward's new version of a policy, made on top of its current version. */
    private static void update(String policyId, Map<String, Object> body) {
        Map<String, Object> next = new HashMap<>(body);
        next.put(
                "version",
                given().header("Authorization", "Bearer " + steward())
                        .get(Suite.gateway() + POLICIES + "/" + policyId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("version"));
        given().header("Authorization", "Bearer " + steward())
                .contentType(ContentType.JSON)
                .body(next)
                .put(Suite.gateway() + POLICIES + "/" + policyId)
                .then()
                .statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse verify() {
        return given().header("Authorization", "Bearer " + steward())
                .get(Suite.gateway() + "/api/governance/v1/audit/verify")
                .then()
                .statusCode(200);
    }

    /** Policies reach every decision cache within about a second; a few seconds of patience for the slow case. */
    private static Trino.Result poll(java.util.function.Supplier<Trino.Result> query, Predicate<Trino.Result> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Trino.Result result = query.get();
        while (!done.test(result) && System.nanoTime() < deadline) {
            sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
            result = query.get();
        }
        return result;
    }

    private static void sleepUntil(long nanos) {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The audit log's append-only trigger stops the service's own role, so this is the superuser through the local
     * socket (as infra/postgres.sh reaches it), the way an intruder with database access would do it.
     */
    private static void editPrincipal(long seq, String principal) throws IOException, InterruptedException {
        psql("BEGIN; ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; UPDATE audit_log SET principal = '"
                + principal.replace("'", "''") + "' WHERE seq = " + seq
                + "; ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only; COMMIT;");
    }

    private static List<String> psql(String sql) throws IOException, InterruptedException {
        Path socket = Path.of("..", ".tributary", "run", "pg").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // PostgreSQL's superuser is the postgres system user, with peer authentication on the socket.
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(
                "psql",
                "-X",
                "-q",
                "-tA",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                socket.toString(),
                "-p",
                Suite.setting("TRIBUTARY_PG_PORT", "15432"),
                "-d",
                Suite.setting("TRIBUTARY_GOVERNANCE_DATABASE", "governance"),
                "-c",
                sql));
        if (root) {
            command.addAll(List.of("-U", "postgres"));
        }
        Process process = new ProcessBuilder(command)
                .directory(Path.of("/").toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("psql failed: " + out);
        }
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }
}
