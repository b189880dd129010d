package io.tributary.governance;

import static io.tributary.governance.GovernanceApi.BASE;
import static io.tributary.governance.GovernanceApi.STEWARD;
import static io.tributary.governance.GovernanceApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.testing.TestTokens;
import io.tributary.contracts.Topics;
import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.lake.LakeReads;
import io.tributary.governance.core.lake.SnapshotCommitted;
import io.tributary.governance.core.quality.QualityLineage;
import io.tributary.governance.core.quality.QualityRuleStore;
import io.tributary.governance.core.quality.QualityRunner;
import io.tributary.governance.store.PostgresQualityResults;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Results of quality runs: stored once per snapshot with one lineage event in the outbox, and read back by the API. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class QualityResultsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableRef ORDERS = new TableRef("sales", "orders");

    @Inject
    PostgresQualityResults results;

    @Inject
    QualityRuleStore rules;

    @Inject
    CatalogLookup catalog;

    @Inject
    AgroalDataSource dataSource;

    private final AtomicInteger calls = new AtomicInteger();

    /** Every count query finds 2 of 3 rows failing when the SQL tests a NULL, none otherwise; samples are order ids. */
    private final LakeReads lake = (table, snapshotId, after, queries) -> {
        calls.incrementAndGet();
        List<LakeReads.Result> out = new ArrayList<>();
        for (LakeReads.Query q : queries) {
            boolean nulls = q.sql().contains("IS NULL");
            out.add(
                    q.id().endsWith(".count")
                            ? new LakeReads.Result(
                                    q.id(),
                                    List.of("checked_rows", "failing_rows"),
                                    List.of(List.of(3L, nulls ? 2L : 0L)),
                                    false,
                                    null,
                                    4)
                            : new LakeReads.Result(
                                    q.id(), List.of("order_id"), List.of(List.of(11L), List.of(12L)), false, null, 2));
        }
        return new LakeReads.Answer(snapshotId, true, out);
    };

    private QualityRunner runner() {
        return new QualityRunner(
                rules,
                catalog,
                lake,
                results,
                new QualityLineage(
                        "https://github.com/tributary-data/tributary/tree/main/governance-service", "tributary"),
                Clock.systemUTC(),
                UUID::randomUUID);
    }

    private String createRule(String name, String type, String column, String params) {
        return as(STEWARD)
                .body("{\"table\": \"sales.orders\", \"name\": \"" + name + "\", \"type\": \"" + type
                        + "\", \"columns\": [\"" + column + "\"]" + (params == null ? "" : ", \"params\": " + params)
                        + ", \"severity\": \"block\"}")
                .post(BASE + "/quality/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void aRunIsStoredOnceWithOneLineageEventAndReadBackNewestFirst() throws Exception {
        String suffix = UUID.randomUUID().toString();
        String notNull = createRule("total set " + suffix, "not_null", "total", null);
        String range = createRule("total sane " + suffix, "range", "total", "{\"min\": 0}");
        long snapshotId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        SnapshotCommitted snapshot =
                new SnapshotCommitted(ORDERS, snapshotId, snapshotId - 1, null, "append", 3, Instant.now(), Map.of());

        QualityRunner runner = runner();
        runner.committed(snapshot);
        runner.committed(snapshot);
        assertThat(calls.get()).isEqualTo(1);
        // Redelivered after a crash between the run and the offset commit: the store does not write twice either.
        var again = runner.evaluate(snapshot);
        assertThat(results.record(
                        again, new QualityLineage("https://example.com", "tributary").event(again, UUID.randomUUID())))
                .isFalse();

        as(TestTokens.withRoles("pat", "data-producer"))
                .queryParam("table", "sales.orders")
                .queryParam("snapshot-id", snapshotId)
                .get(BASE + "/quality/results")
                .then()
                .statusCode(200)
                .body("results.rule-id", hasItems(notNull, range))
                .body("results.find { it.'rule-id' == '" + notNull + "' }.status", equalTo("fail"))
                .body("results.find { it.'rule-id' == '" + notNull + "' }.failing-rows", equalTo(2))
                .body("results.find { it.'rule-id' == '" + notNull + "' }.checked-rows", equalTo(3))
                .body("results.find { it.'rule-id' == '" + notNull + "' }.sample-keys[0].order_id", equalTo(11))
                .body("results.find { it.'rule-id' == '" + notNull + "' }.severity", equalTo("block"))
                .body("results.find { it.'rule-id' == '" + notNull + "' }.branch", equalTo("main"))
                .body("results.find { it.'rule-id' == '" + range + "' }.status", equalTo("pass"))
                .body("results.find { it.'rule-id' == '" + range + "' }.sample-keys.size()", equalTo(0));
        List<String> ids = as(GovernanceApi.ANALYST)
                .queryParam("rule-id", notNull)
                .get(BASE + "/quality/results")
                .then()
                .statusCode(200)
                .extract()
                .path("results.rule-id");
        assertThat(ids).containsExactly(notNull);

        // Paging: one result per page, newest first, then the next page from the cursor.
        String cursor = as(STEWARD)
                .queryParam("snapshot-id", snapshotId)
                .queryParam("limit", 1)
                .get(BASE + "/quality/results")
                .then()
                .statusCode(200)
                .body("results.size()", equalTo(1))
                .extract()
                .path("next-cursor");
        assertThat(cursor).isNotNull();
        as(STEWARD)
                .queryParam("snapshot-id", snapshotId)
                .queryParam("status", "pass")
                .queryParam("cursor", cursor)
                .get(BASE + "/quality/results")
                .then()
                .statusCode(200)
                .body("results.status", org.hamcrest.Matchers.everyItem(equalTo("pass")));

        List<JsonNode> events = lineageEvents("quality.sales.orders", snapshotId);
        assertThat(events).hasSize(1);
        assertValidRunEvent(events.get(0));
        JsonNode assertions = events.get(0).at("/inputs/0/inputFacets/dataQualityAssertions/assertions");
        assertThat(assertions.findValuesAsText("assertion")).contains("not_null", "range");
        assertThat(events.get(0).at("/run/facets/tributaryQuality/blocked").asBoolean())
                .isTrue();
    }

    @Test
    void badParametersAreNamed() {
        as(STEWARD)
                .queryParam("table", "nodot")
                .queryParam("snapshot-id", "x")
                .queryParam("rule-id", "y")
                .queryParam("status", "broken")
                .queryParam("limit", 0)
                .queryParam("cursor", "z")
                .get(BASE + "/quality/results")
                .then()
                .statusCode(400)
                .body("errors.pointer", hasItems("table", "snapshot-id", "rule-id", "status", "limit", "cursor"));
    }

    @Test
    void aCallerWithoutARoleIsRefused() {
        as(TestTokens.withRoles("nora")).get(BASE + "/quality/results").then().statusCode(403);
    }

    /** The members the catalog's lineage validator requires of a RunEvent and of every facet. */
    private static void assertValidRunEvent(JsonNode event) {
        assertThat(event.path("eventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(java.net.URI.create(event.path("producer").asText()).isAbsolute())
                .isTrue();
        assertThat(event.path("schemaURL").asText()).endsWith("/RunEvent");
        assertThat(event.path("eventType").asText()).isEqualTo("COMPLETE");
        UUID.fromString(event.at("/run/runId").asText());
        assertThat(event.at("/job/namespace").asText()).isEqualTo("tributary");
        assertThat(event.at("/job/name").asText()).isEqualTo("quality.sales.orders");
        assertThat(event.at("/inputs/0/namespace").asText()).isEqualTo("tributary");
        assertThat(event.at("/inputs/0/name").asText()).isEqualTo("sales.orders");
        for (JsonNode facets : List.of(event.at("/run/facets"), event.at("/inputs/0/inputFacets"))) {
            facets.forEach(facet -> {
                assertThat(java.net.URI.create(facet.path("_producer").asText()).isAbsolute())
                        .isTrue();
                assertThat(java.net
                                .URI
                                .create(facet.path("_schemaURL").asText())
                                .isAbsolute())
                        .isTrue();
            });
        }
    }

    private List<JsonNode> lineageEvents(String job, long snapshotId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT payload::text FROM governance_outbox"
                        + " WHERE topic = ? AND event_key = ?"
                        + " AND (payload -> 'run' -> 'facets' -> 'tributaryQuality' ->> 'snapshotId')::bigint = ?")) {
            select.setString(1, Topics.LINEAGE);
            select.setString(2, job);
            select.setLong(3, snapshotId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.add(JSON.readTree(rows.getString(1)));
                }
            }
        }
        return events;
    }
}
