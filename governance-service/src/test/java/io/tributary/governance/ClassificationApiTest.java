package io.tributary.governance;

import static io.tributary.governance.GovernanceApi.ADMIN;
import static io.tributary.governance.GovernanceApi.ANALYST;
import static io.tributary.governance.GovernanceApi.STEWARD;
import static io.tributary.governance.GovernanceApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.tributary.auth.testing.TestTokens;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.pii.Classification;
import io.tributary.governance.core.pii.ClassificationStore;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ClassificationApiTest {

    private static final String CLASSIFICATIONS = GovernanceApi.BASE + "/classifications";

    @Inject
    ClassificationStore store;

    @Inject
    FakeCatalogTags tags;

    @Inject
    DataSource dataSource;

    @AfterEach
    void catalogBack() {
        tags.unavailable(false);
    }

    /** A table of its own per test: the test database keeps proposals between runs. */
    private static TableRef uniqueTable() {
        return new TableRef("pii_test", "t_" + UUID.randomUUID().toString().replace("-", ""));
    }

    private static Classification.Evidence evidence(String detector, double share) {
        return new Classification.Evidence(
                detector, "values", share, 200, List.of("j***@example.com", "a***@example.org"), true);
    }

    private String propose(TableRef table, String column, String tag) {
        return store.propose(table, column, tag, evidence(tag.substring(4), 0.97), Instant.now())
                .classification()
                .id()
                .toString();
    }

    @Test
    void aStewardReadsAndAcceptsAProposalWhichTagsTheColumn() throws Exception {
        TableRef table = uniqueTable();
        String id = propose(table, "contact", "pii.email");

        as(STEWARD)
                .get(CLASSIFICATIONS + "/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("table", equalTo(table.toString()))
                .body("column", equalTo("contact"))
                .body("tag", equalTo("pii.email"))
                .body("status", equalTo("proposed"))
                .body("share", equalTo(0.97f))
                .body("sample-size", equalTo(200))
                .body("evidence.detector", equalTo("email"))
                .body("evidence.examples", equalTo(List.of("j***@example.com", "a***@example.org")))
                .body("evidence.column-name-hint", equalTo(true))
                .body("decided-by", nullValue())
                .body("applied", equalTo(false));

        as(STEWARD)
                .body("{\"reason\": \"customer contact addresses\"}")
                .post(CLASSIFICATIONS + "/" + id + "/accept")
                .then()
                .statusCode(200)
                .body("status", equalTo("accepted"))
                .body("decided-by", equalTo("sam"))
                .body("reason", equalTo("customer contact addresses"))
                .body("applied", equalTo(true));
        assertThat(tags.added()).contains(table + ".contact=pii.email");

        // Accepting again changes nothing; rejecting now is a conflict naming the proposal.
        as(ADMIN)
                .post(CLASSIFICATIONS + "/" + id + "/accept")
                .then()
                .statusCode(200)
                .body("decided-by", equalTo("sam"));
        as(ADMIN)
                .post(CLASSIFICATIONS + "/" + id + "/reject")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/conflict"))
                .body("detail", containsString(id));
        assertThat(auditedActions(id)).containsExactly("governance.classification.accept");
    }

    @Test
    void aRejectedProposalCannotBeAccepted() throws Exception {
        String id = propose(uniqueTable(), "ip", "pii.ip");

        as(ADMIN)
                .post(CLASSIFICATIONS + "/" + id + "/reject")
                .then()
                .statusCode(200)
                .body("status", equalTo("rejected"))
                .body("decided-by", equalTo("ada"))
                .body("reason", nullValue())
                .body("applied", equalTo(false));
        as(STEWARD)
                .post(CLASSIFICATIONS + "/" + id + "/accept")
                .then()
                .statusCode(409)
                .body("detail", containsString(id))
                .body("detail", containsString("rejected by ada"));
        assertThat(auditedActions(id)).containsExactly("governance.classification.reject");
    }

    @Test
    void whileTheCatalogIsDownAcceptIs503AndTheProposalStays() throws Exception {
        String id = propose(uniqueTable(), "card", "pii.card");
        tags.unavailable(true);

        as(STEWARD)
                .post(CLASSIFICATIONS + "/" + id + "/accept")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5");
        as(STEWARD).get(CLASSIFICATIONS + "/" + id).then().statusCode(200).body("status", equalTo("proposed"));
        assertThat(auditedActions(id)).isEmpty();
    }

    @Test
    void unknownIdsAre404AndMalformedOnes400() {
        String unknown = UUID.randomUUID().toString();
        as(STEWARD)
                .get(CLASSIFICATIONS + "/" + unknown)
                .then()
                .statusCode(404)
                .body("type", endsWith("/not-found"))
                .body("detail", containsString(unknown));
        as(STEWARD).post(CLASSIFICATIONS + "/" + unknown + "/accept").then().statusCode(404);
        as(STEWARD).post(CLASSIFICATIONS + "/" + unknown + "/reject").then().statusCode(404);
        as(STEWARD).get(CLASSIFICATIONS + "/not-an-id").then().statusCode(400).body("errors[0].pointer", equalTo("id"));
        as(STEWARD)
                .body("[\"not an object\"]")
                .post(CLASSIFICATIONS + "/" + unknown + "/reject")
                .then()
                .statusCode(400);
        as(STEWARD)
                .queryParam("status", "maybe")
                .get(CLASSIFICATIONS)
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("status"));
        as(STEWARD)
                .queryParam("table", "nodot")
                .get(CLASSIFICATIONS)
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("table"));
        as(STEWARD)
                .queryParam("cursor", "x")
                .get(CLASSIFICATIONS)
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("cursor"));
        as(STEWARD)
                .queryParam("limit", 0)
                .get(CLASSIFICATIONS)
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("limit"));
    }

    @Test
    void onlyStewardsAndAdminsReadAndDecide() {
        String id = propose(uniqueTable(), "phone", "pii.phone");
        RestAssured.given().get(CLASSIFICATIONS).then().statusCode(401);
        RestAssured.given().post(CLASSIFICATIONS + "/" + id + "/accept").then().statusCode(401);
        for (String token :
                List.of(ANALYST, TestTokens.withRoles("pat", "data-producer"), TestTokens.withRoles("nora"))) {
            as(token).get(CLASSIFICATIONS).then().statusCode(403).contentType("application/problem+json");
            as(token).get(CLASSIFICATIONS + "/" + id).then().statusCode(403);
            as(token).post(CLASSIFICATIONS + "/" + id + "/accept").then().statusCode(403);
            as(token).post(CLASSIFICATIONS + "/" + id + "/reject").then().statusCode(403);
        }
        as(ADMIN).get(CLASSIFICATIONS + "/" + id).then().statusCode(200).body("status", equalTo("proposed"));
    }

    @Test
    void theListFiltersByTableAndStatusAndPagesNewestFirst() {
        TableRef table = uniqueTable();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(propose(table, "c" + i, "pii.email"));
        }
        String rejected = ids.get(1);
        as(STEWARD).post(CLASSIFICATIONS + "/" + rejected + "/reject").then().statusCode(200);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = as(STEWARD).queryParam("table", table.toString()).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get(CLASSIFICATIONS)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("classifications.id"));
            cursor = page.getString("next-cursor");
            pages++;
        } while (cursor != null && pages < 10);
        // Newest first is id order (UUIDv7, whose text sorts like its bytes).
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(pages).isEqualTo(3);

        as(STEWARD)
                .queryParam("table", table.toString())
                .queryParam("status", "proposed")
                .get(CLASSIFICATIONS)
                .then()
                .statusCode(200)
                .body("classifications", hasSize(4))
                .body("next-cursor", nullValue());
        as(STEWARD)
                .queryParam("table", table.toString())
                .queryParam("status", "rejected")
                .get(CLASSIFICATIONS)
                .then()
                .statusCode(200)
                .body("classifications.id", equalTo(List.of(rejected)));
    }

    @Test
    void aProposalIsStoredOnceAndANewerOneUpdatesOnlyAStillProposedOne() {
        TableRef table = uniqueTable();
        ClassificationStore.Proposed first =
                store.propose(table, "mail", "pii.email", evidence("email", 0.85), Instant.now());
        ClassificationStore.Proposed second =
                store.propose(table, "mail", "pii.email", evidence("email", 0.95), Instant.now());
        assertThat(first.outcome()).isEqualTo(ClassificationStore.Outcome.CREATED);
        assertThat(second.outcome()).isEqualTo(ClassificationStore.Outcome.UPDATED);
        assertThat(second.classification().id())
                .isEqualTo(first.classification().id());
        assertThat(second.classification().share()).isEqualTo(0.95);

        String id = first.classification().id().toString();
        as(STEWARD).post(CLASSIFICATIONS + "/" + id + "/reject").then().statusCode(200);
        ClassificationStore.Proposed third =
                store.propose(table, "mail", "pii.email", evidence("email", 1.0), Instant.now());
        assertThat(third.outcome()).isEqualTo(ClassificationStore.Outcome.UNCHANGED);
        assertThat(third.classification().status()).isEqualTo(Classification.Status.REJECTED);
        assertThat(third.classification().share()).isEqualTo(0.95);
    }

    private List<String> auditedActions(String id) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT payload #>> '{data,action}' FROM governance_outbox WHERE payload #>> '{data,resource}' = ?"
                                + " ORDER BY seq")) {
            select.setString(1, "classification:" + id);
            List<String> actions = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    actions.add(rows.getString(1));
                }
            }
            return actions;
        }
    }
}
