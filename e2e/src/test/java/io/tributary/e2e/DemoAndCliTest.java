package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What a new user types in the first five minutes: {@code ./tributary demo} (twice, on the running stack: its
 * {@code --no-up} flag keeps the stack as it is) and each client command of the launcher, with the output and exit
 * status a user would see, refusals included.
 */
@Order(8)
class DemoAndCliTest {

    private static final Path HOME = Path.of(Suite.setting(
                    "TRIBUTARY_LAUNCHER",
                    Path.of("..", "tributary").toAbsolutePath().normalize().toString()))
            .getParent();

    @Test
    void demoWalksTheMainJobAndASecondRunReusesTheDataset() throws Exception {
        String table = unique("e2e_demo") + ".customers";

        Run first = launcher("demo", "--no-up", "--table", table);
        assertThat(first.exit).as(first.output).isZero();
        assertThat(first.output)
                .contains("== 1. a dataset with a contract: " + table)
                .contains("$ curl -sS --fail-with-body -X POST " + Suite.gateway() + "/api/catalog/v1/datasets")
                .contains("\"column-tags\":{\"email\":[\"pii.email\"]}")
                .contains("$ ./tributary push --client example-producer " + table)
                .contains(table + ": 300 records sent in 2 requests, 300 accepted, 0 refused")
                .contains("holds 300 rows (0 before this run)")
                .contains("== 4. query as the analyst ana")
                .contains("== 5. query as the steward sam")
                .contains("== 6. lineage of " + table)
                .contains("== 7. the audit trail of this run")
                .contains("ingest.records.write")
                .contains("query.statement.run")
                .contains("demo done");
        assertMaskedForAnaAndClearForSam(first.output);
        assertLineageShown(first.output, table);

        Run second = launcher("demo", "--no-up", "--table", table);
        assertThat(second.exit).as(second.output).isZero();
        assertThat(second.output)
                .contains(table + " exists (made by an earlier run): reusing it")
                .doesNotContain("$ curl -sS --fail-with-body -X POST")
                .contains("holds 600 rows (300 before this run)")
                .contains("demo done");
        assertMaskedForAnaAndClearForSam(second.output);
    }

    @Test
    void demoNamesTheStepThatBroke() throws Exception {
        // A table of another shape under the demo's name: the demo must stop at its first step and say why.
        String namespace = unique("e2e_demo_clash");
        createDataset(namespace, "customers", "[\"example-producer\"]");

        Run run = launcher("demo", "--no-up", "--table", namespace + ".customers");

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.output)
                .contains("demo: FAILED at step 1 (a dataset with a contract")
                .contains("--table");
    }

    @Test
    void clientCommandsAgainstTheRunningStack() throws Exception {
        String namespace = unique("e2e_cli");
        String table = namespace + ".people";
        createDataset(namespace, "people", "[\"example-producer\"]");
        Path dir = Files.createTempDirectory("tributary-cli");

        // push: NDJSON and CSV, split into requests of at most 10 records, with a receipt per request.
        Path ndjson = dir.resolve("people.ndjson");
        Path csv = dir.resolve("people.csv");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 25; i++) {
            lines.append("{\"id\": ")
                    .append(i)
                    .append(", \"name\": \"Person ")
                    .append(i)
                    .append("\", \"email\": \"person")
                    .append(i)
                    .append("@example.com\"}\n");
        }
        Files.writeString(ndjson, lines);
        StringBuilder rows = new StringBuilder("id,name,email\n");
        for (int i = 26; i <= 40; i++) {
            rows.append(i)
                    .append(",\"Person\n")
                    .append(i)
                    .append("\",person")
                    .append(i)
                    .append("@example.com\n");
        }
        Files.writeString(csv, rows);
        Run push = launcher("push", table, ndjson.toString(), csv.toString(), "--max-records", "10");
        assertThat(push.exit).as(push.output).isZero();
        assertThat(push.output)
                .contains("as client example-producer: 3 requests")
                .contains("people.ndjson [3/3] records 21-25: receipt ")
                .contains("people.csv [2/2] records 11-15: receipt ")
                .contains(table + ": 40 records sent in 5 requests, 40 accepted, 0 refused");

        // A bad record, strict mode (the default): the request is refused, the record named by its line, exit 1.
        Path bad = dir.resolve("bad.ndjson");
        Files.writeString(bad, "{\"id\": 41, \"name\": \"ok\"}\n\n{\"id\": \"forty-two\", \"name\": \"bad\"}\n");
        Run refused = launcher("push", table, bad.toString());
        assertThat(refused.exit).as(refused.output).isEqualTo(1);
        assertThat(refused.output)
                .contains("refused, nothing of it was published (HTTP 422)")
                .contains("refused line 3 (record 2): /id: expected long, got string \"forty-two\"")
                .contains("error: push stopped: records break the contract of " + table);

        // The same in partial mode: the good record is published, the bad one listed; exit 3 says rows were refused.
        Run partial = launcher("push", table, bad.toString(), "--mode", "partial");
        assertThat(partial.exit).as(partial.output).isEqualTo(3);
        assertThat(partial.output)
                .contains("accepted 1, rejected 1")
                .contains("refused line 3 (record 2)")
                .contains(table + ": 2 records sent in 1 request, 1 accepted, 1 refused");

        // Without an INSERT grant's role: the problem's title and detail, exit 1.
        Run forbidden = launcher("push", "--user", "ana", table, bad.toString());
        assertThat(forbidden.exit).isEqualTo(1);
        assertThat(forbidden.output).contains("HTTP 403 Forbidden").contains("request id: ");

        // sql: the lake writer lands the 41 accepted records; a csv count shows them once it has.
        String count = "SELECT count(*) AS n FROM " + table;
        Run counted = null;
        for (int attempt = 0; attempt < 120; attempt++) {
            counted = launcher("sql", "--format", "csv", count);
            if (counted.exit == 0 && counted.output.trim().endsWith("\n41")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(counted.output.trim()).as(counted.output).isEqualTo("n\n41");

        Run analyst =
                launcher("sql", "--user", "ana", "SELECT id, name, email FROM " + table + " WHERE id <= 3 ORDER BY id");
        assertThat(analyst.exit).as(analyst.output).isZero();
        assertThat(analyst.output)
                .contains("id | name     | email")
                .containsPattern("1  \\| Person 1 \\| [0-9a-f]{64}")
                .doesNotContain("@example.com")
                .contains("(3 rows, ")
                .contains("masked:   " + table + ".email");
        Run steward = launcher(
                "sql", "--user", "sam", "--engine", "duckdb", "SELECT id, email FROM " + table + " WHERE id = 1");
        assertThat(steward.output).contains("person1@example.com").contains("(1 row, duckdb");
        Run json = launcher("sql", "--format", "json", "SELECT id, name FROM " + table + " WHERE id = 26");
        assertThat(json.output.trim()).isEqualTo("{\"id\":26,\"name\":\"Person\\n26\"}");

        Run syntax = launcher("sql", "SELEC 1");
        assertThat(syntax.exit).isEqualTo(1);
        assertThat(syntax.output)
                .contains("error: POST /api/query/v1/statements -> HTTP 400 SQL syntax error")
                .contains("/sql: line 1, column 1");
        Run unknown = launcher("sql", "SELECT * FROM " + namespace + ".nothing_here");
        assertThat(unknown.exit).isEqualTo(1);
        assertThat(unknown.output).contains("HTTP 404 Unknown table");
        // Arrow is binary: an IPC stream whose schema message names the column.
        Run arrow = launcher("sql", "--format", "arrow", count);
        assertThat(arrow.exit).as(arrow.output).isZero();
        assertThat(arrow.output).startsWith("\uFFFD\uFFFD\uFFFD\uFFFD").contains("n");

        // tables and describe.
        Run tables = launcher("tables", namespace);
        assertThat(tables.exit).isZero();
        assertThat(tables.output).contains(table).contains("team-e2e");
        Run describe = launcher("describe", table);
        assertThat(describe.exit).as(describe.output).isZero();
        assertThat(describe.output)
                .containsPattern("email +\\| string +\\| no +\\| pii.email")
                .contains("contract     version 0, key id, compatibility BACKWARD, producers example-producer")
                .contains("snapshots (newest first)");
        Run missing = launcher("describe", namespace + ".nothing_here");
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.output).contains("HTTP 404");
        Run usage = launcher("describe", "not-a-table-name");
        assertThat(usage.exit).isEqualTo(2);

        // lineage: the lake writer's job feeding the table, once its event has reached the catalog.
        long lineageDeadline = System.nanoTime() + LakeWriterTest.DEADLINE.toNanos();
        Run lineage = launcher("lineage", table);
        while ((lineage.exit != 0 || !lineage.output.contains("job:tributary:tributary.ingest/" + table))
                && System.nanoTime() < lineageDeadline) {
            Thread.sleep(1000);
            lineage = launcher("lineage", table);
        }
        assertThat(lineage.exit).as(lineage.output).isZero();
        assertThat(lineage.output)
                .contains("lineage of dataset:tributary:" + table)
                .contains("job:tributary:tributary.ingest/" + table);

        // token: cached per identity in files only the owner can read.
        Run token = launcher("token", "--user", "sam");
        assertThat(token.exit).isZero();
        assertThat(Suite.claims(token.output.trim()).getString("preferred_username"))
                .isEqualTo("sam");
        try (Stream<Path> cached = Files.list(HOME.resolve(".tributary").resolve("tokens"))) {
            for (Path file : cached.toList()) {
                assertThat(Files.getPosixFilePermissions(file))
                        .as(file.toString())
                        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            }
        }
    }

    private static void assertMaskedForAnaAndClearForSam(String output) {
        String analyst = between(output, "== 4. query as the analyst ana", "== 5.");
        String steward = between(output, "== 5. query as the steward sam", "== 6.");
        assertThat(analyst).containsPattern("Customer 1 \\| [0-9a-f]{64}").doesNotContain("@example.com");
        assertThat(steward).contains("customer1@example.com").contains("\n     300\n");
    }

    private static void assertLineageShown(String output, String table) {
        String lineage = between(output, "== 6. lineage", "== 7.");
        assertThat(lineage)
                .contains("lineage of dataset:tributary:" + table)
                .contains("job:tributary:tributary.ingest/" + table);
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("'%s' in the output", from).isNotNegative();
        int end = text.indexOf(to, start);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    private static void createDataset(String namespace, String name, String producers) {
        given().auth()
                .oauth2(Suite.userToken("ada"))
                .contentType("application/json")
                .body("{\"namespace\": \"" + namespace + "\", \"name\": \"" + name + "\", \"owner\": \"team-e2e\","
                        + "\"columns\": [{\"name\": \"id\", \"type\": \"long\", \"required\": true},"
                        + "{\"name\": \"name\", \"type\": \"string\"}, {\"name\": \"email\", \"type\": \"string\"}],"
                        + "\"column-tags\": {\"email\": [\"pii.email\"]}, \"key\": \"id\","
                        + "\"producers\": " + producers + "}")
                .when()
                .post(Suite.gateway() + "/api/catalog/v1/datasets")
                .then()
                .statusCode(201);
    }

    private static String unique(String prefix) {
        return prefix + "_" + Long.toString(System.currentTimeMillis(), 36);
    }

    private record Run(int exit, String output) {}

    /** Runs the launcher from the repository's root as a user would, stdout and stderr together. */
    private static Run launcher(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("tributary").toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("tributary-launcher", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(HOME.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(240, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("./tributary " + String.join(" ", args) + " did not finish in 240 s");
            }
            // CSV answers end their lines with CRLF (RFC 4180); the assertions read lines.
            // Lenient decoding: an Arrow answer is binary (undecodable bytes become U+FFFD).
            String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).replace("\r\n", "\n");
            System.out.println(
                    "$ ./tributary " + String.join(" ", args) + "  (exit " + process.exitValue() + ")\n" + output);
            return new Run(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
