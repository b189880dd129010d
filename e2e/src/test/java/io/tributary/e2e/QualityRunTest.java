package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Quality rules on the real path: a steward's rules run on every snapshot the lake writer commits (governance asks
 * query-service's checks endpoint), a good batch passes and a bad one fails with the failing rows' keys, and the run's
 * OpenLineage event, with its data-quality assertions, reaches the catalog's lineage.
 */
@Order(13)
class QualityRunTest {

    @Test
    void aGoodBatchPassesAndABadBatchFailsWithItsKeys() throws Exception {
        Instant started = Instant.now().minusSeconds(5);
        String namespace = "e2e_quality_" + Long.toString(System.currentTimeMillis(), 36);
        String table = namespace + ".orders";
        createOrders(namespace);
        String steward = Suite.userToken("sam");
        String notNull = rule(steward, table, "customer set", "not_null", "customer", null);
        String accepted = rule(
                steward, table, "known status", "accepted_values", "status", Map.of("values", List.of("new", "paid")));

        post(
                namespace,
                "[{\"order_id\": 1, \"customer\": \"ada\", \"status\": \"new\"},"
                        + " {\"order_id\": 2, \"customer\": \"bob\", \"status\": \"paid\"}]");
        String analyst = Suite.userToken("ana");
        List<Map<String, Object>> first =
                LakeWriterTest.poll(() -> results(analyst, table), r -> r.size() >= 2, LakeWriterTest.DEADLINE);
        assertThat(first)
                .as("results of the first batch")
                .extracting(r -> r.get("status"))
                .containsOnly("pass");
        assertThat(first).extracting(r -> r.get("rule-id")).contains(notNull, accepted);
        Object firstSnapshot = first.get(0).get("snapshot-id");

        post(
                namespace,
                "[{\"order_id\": 3, \"customer\": null, \"status\": \"new\"},"
                        + " {\"order_id\": 4, \"customer\": \"cy\", \"status\": \"lost\"},"
                        + " {\"order_id\": 5, \"customer\": \"di\", \"status\": \"paid\"}]");
        List<Map<String, Object>> all = LakeWriterTest.poll(
                () -> results(analyst, table),
                r -> r.stream().filter(x -> "fail".equals(x.get("status"))).count() >= 2,
                LakeWriterTest.DEADLINE);
        List<Map<String, Object>> second =
                all.stream().filter(r -> "fail".equals(r.get("status"))).toList();
        assertThat(second).as("failed results of the second batch").hasSize(2);
        assertThat(all)
                .filteredOn(r -> r.get("snapshot-id").equals(firstSnapshot))
                .extracting(r -> r.get("status"))
                .containsOnly("pass");
        Map<String, Object> nulls = second.stream()
                .filter(r -> r.get("rule-id").equals(notNull))
                .findFirst()
                .orElseThrow();
        // Row rules check only the rows the snapshot added (at most the batch's 3, never the table's 5), and the
        // failing row is named by the ingest key.
        assertThat((Integer) nulls.get("checked-rows")).isBetween(1, 3);
        assertThat(nulls.get("failing-rows")).isEqualTo(1);
        assertThat(nulls.get("sample-keys")).isEqualTo(List.of(Map.of("order_id", 3)));
        Map<String, Object> unknown = second.stream()
                .filter(r -> r.get("rule-id").equals(accepted))
                .findFirst()
                .orElseThrow();
        assertThat(unknown.get("sample-keys")).isEqualTo(List.of(Map.of("order_id", 4)));

        // The runs' lineage events reach the catalog, with the standard data-quality assertions facet.
        String job = "quality." + table;
        JsonPath event =
                LakeWriterTest.poll(() -> failedRun(analyst, started, job), e -> e != null, LakeWriterTest.DEADLINE);
        assertThat(event)
                .as("the failed quality run's lineage event for %s", job)
                .isNotNull();
        assertThat(event.getString("job.namespace")).isEqualTo("tributary");
        assertThat(event.getString("inputs[0].name")).isEqualTo(table);
        assertThat(event.getList("inputs[0].inputFacets.dataQualityAssertions.assertions.assertion"))
                .containsExactlyInAnyOrder("not_null", "accepted_values");
        assertThat(event.getList("inputs[0].inputFacets.dataQualityAssertions.assertions.success"))
                .containsOnly(false);
    }

    /**
     * Write-audit-publish: with a {@code block} rule the writer lands records on the table's audit branch and only
     * snapshots that pass reach {@code main}, which readers read. A bad batch stays on the branch (nothing acknowledged
     * is lost) and the good batch after it still reaches readers.
     */
    @Test
    void aBlockRuleKeepsABadBatchFromReadersAndLosesNothing() throws Exception {
        String namespace = "e2e_wap_" + Long.toString(System.currentTimeMillis(), 36);
        String table = namespace + ".orders";
        createOrders(namespace);
        String steward = Suite.userToken("sam");
        String known = rule(
                steward, table, "known status", "accepted_values", "status", Map.of("values", List.of("new", "paid")));
        assertThat(given().auth()
                        .oauth2(steward)
                        .get(Suite.gateway() + "/api/catalog/v1/namespaces/" + namespace + "/tables/orders")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("audit-branch"))
                .as("a blocking rule puts the table under write-audit-publish")
                .isEqualTo("audit");
        String analyst = Suite.userToken("ana");
        String ids = "SELECT order_id FROM " + table + " ORDER BY order_id";

        post(
                namespace,
                "[{\"order_id\": 1, \"customer\": \"ada\", \"status\": \"new\"},"
                        + " {\"order_id\": 2, \"customer\": \"bob\", \"status\": \"paid\"}]");
        assertThat(LakeWriterTest.poll(() -> orderIds(analyst, ids), r -> r.size() >= 2, LakeWriterTest.DEADLINE))
                .as("the good batch is published to main")
                .containsExactly(1L, 2L);

        post(
                namespace,
                "[{\"order_id\": 3, \"customer\": \"cy\", \"status\": \"lost\"},"
                        + " {\"order_id\": 4, \"customer\": \"di\", \"status\": \"gone\"}]");
        List<Map<String, Object>> failed = LakeWriterTest.poll(
                () -> results(analyst, table).stream()
                        .filter(r -> "fail".equals(r.get("status")))
                        .toList(),
                r -> !r.isEmpty(),
                LakeWriterTest.DEADLINE);
        assertThat(failed).as("the bad batch fails its rule").hasSize(1);
        assertThat((List<Object>) failed.get(0).get("sample-keys"))
                .containsExactlyInAnyOrder((Object) Map.of("order_id", 3), Map.of("order_id", 4));
        assertThat(orderIds(analyst, ids)).as("readers never see the bad batch").containsExactly(1L, 2L);

        post(
                namespace,
                "[{\"order_id\": 5, \"customer\": \"ed\", \"status\": \"paid\"},"
                        + " {\"order_id\": 6, \"customer\": \"fay\", \"status\": \"new\"}]");
        assertThat(LakeWriterTest.poll(() -> orderIds(analyst, ids), r -> r.size() >= 4, LakeWriterTest.DEADLINE))
                .as("the next good batch reaches main past the bad one")
                .containsExactly(1L, 2L, 5L, 6L);
        assertThat(orderIds(analyst, ids)).doesNotContain(3L, 4L);

        // The branch keeps every acknowledged record: its newest snapshot holds all six.
        long head = results(analyst, table).stream()
                .map(r -> ((Number) r.get("snapshot-id")).longValue())
                .findFirst()
                .orElseThrow();
        Response checked = given().auth()
                .oauth2(Suite.serviceToken("tributary-governance"))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "table",
                        table,
                        "snapshot-id",
                        head,
                        "queries",
                        List.of(Map.of("id", "ids", "sql", "SELECT order_id FROM {table} ORDER BY order_id"))))
                .post(Suite.gateway() + "/api/query/v1/checks");
        assertThat(checked.statusCode()).as(checked.asString()).isEqualTo(200);
        assertThat(checked.jsonPath().getList("results[0].rows.flatten()", Number.class))
                .extracting(Number::longValue)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        // The steward decides the two statuses are fine after all: the batch held back is checked again and published.
        given().auth()
                .oauth2(steward)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "table",
                        table,
                        "name",
                        "known status",
                        "type",
                        "accepted_values",
                        "columns",
                        List.of("status"),
                        "params",
                        Map.of("values", List.of("new", "paid", "lost", "gone")),
                        "severity",
                        "block"))
                .put(Suite.gateway() + "/api/governance/v1/quality/rules/" + known)
                .then()
                .statusCode(200);
        assertThat(LakeWriterTest.poll(() -> orderIds(analyst, ids), r -> r.size() >= 6, LakeWriterTest.DEADLINE))
                .as("after the rule is fixed, main holds every acknowledged record")
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    private static void createOrders(String namespace) {
        given().auth()
                .oauth2(Suite.userToken("ada"))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "namespace",
                        namespace,
                        "name",
                        "orders",
                        "columns",
                        List.of(
                                Map.of("name", "order_id", "type", "long", "required", true),
                                Map.of("name", "customer", "type", "string"),
                                Map.of("name", "status", "type", "string")),
                        "key",
                        "order_id",
                        "producers",
                        List.of("*")))
                .post(Suite.gateway() + "/api/catalog/v1/datasets")
                .then()
                .statusCode(201);
    }

    /** The first column of a statement's rows, as longs; empty while the table cannot be read yet. */
    private static List<Long> orderIds(String token, String sql) {
        Response response = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .accept(ContentType.JSON)
                .body(Map.of("sql", sql, "engine", "duckdb"))
                .post(Suite.gateway() + "/api/query/v1/statements");
        if (response.statusCode() != 200) {
            return List.of();
        }
        List<Long> ids = new java.util.ArrayList<>();
        JsonPath page = response.jsonPath();
        while (true) {
            List<List<Number>> data = page.getList("data");
            if (data != null) {
                data.forEach(row -> ids.add(row.get(0).longValue()));
            }
            String next = page.getString("next-uri");
            if (next == null) {
                return ids;
            }
            java.net.URI uri = java.net.URI.create(next);
            page = given().auth()
                    .oauth2(token)
                    .accept(ContentType.JSON)
                    .get(Suite.gateway()
                            + uri.getRawPath()
                            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                    .jsonPath();
        }
    }

    private static String rule(String token, String table, String name, String type, String column, Object params) {
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("table", table, "name", name, "type", type, "columns", List.of(column), "severity", "block"));
        if (params != null) {
            body.put("params", params);
        }
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post(Suite.gateway() + "/api/governance/v1/quality/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static void post(String namespace, String records) throws InterruptedException {
        // The contract reaches ingest's cache and governance's decisions within seconds of the table's creation.
        int status = LakeWriterTest.poll(
                () -> given().auth()
                        .oauth2(Suite.producerToken())
                        .contentType(ContentType.JSON)
                        .body(records)
                        .post(Suite.gateway() + "/api/ingest/v1/tables/" + namespace + "/orders/records")
                        .statusCode(),
                s -> s == 200,
                LakeWriterTest.DEADLINE);
        assertThat(status).isEqualTo(200);
    }

    private static List<Map<String, Object>> results(String token, String table) {
        Response response = given().auth()
                .oauth2(token)
                .queryParam("table", table)
                .get(Suite.gateway() + "/api/governance/v1/quality/results");
        return response.statusCode() == 200 ? response.jsonPath().getList("results") : List.of();
    }

    /** The quality run's lineage event for {@code job} with a failed assertion, stored since {@code since}, or null. */
    private static JsonPath failedRun(String token, Instant since, String job) {
        Response response = given().auth()
                .oauth2(token)
                .queryParam("after", since.toString())
                .queryParam("limit", "1000")
                .get(Suite.gateway() + "/api/v1/events/lineage");
        if (response.statusCode() != 200) {
            return null;
        }
        List<Map<String, Object>> events = response.jsonPath().getList("events");
        for (int i = 0; i < events.size(); i++) {
            JsonPath event = new JsonPath(response.asString()).setRootPath("events[" + i + "]");
            if (job.equals(event.getString("job.name")) && event.getInt("run.facets.tributaryQuality.failed") > 0) {
                return event;
            }
        }
        return null;
    }
}
