package io.tributary.governance;

import static io.tributary.governance.GovernanceApi.BASE;
import static io.tributary.governance.GovernanceApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.testing.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * INSERT decisions as ingest-service asks them: the table's contract producers (sales.orders names shop-backend in
 * the catalog fixture) are INSERT grants, shown with their source, beside explicit INSERT grants.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class InsertDecisionApiTest {

    /** ingest-service's service account: it asks for the producers whose tokens it validated. */
    private static final String INGEST_SERVICE = TestTokens.withRoles("tributary-ingest", "data-producer");

    @BeforeEach
    void reset() {
        GovernanceApi.resetToBootstrap();
    }

    private static io.restassured.response.Response insert(String user, String client) {
        Map<String, Object> principal = client == null
                ? Map.of("user", user, "roles", List.of("data-producer"))
                : Map.of("user", user, "client", client, "roles", List.of("data-producer"));
        return as(INGEST_SERVICE)
                .body(Map.of(
                        "principal", principal, "action", "INSERT", "tables", List.of(Map.of("table", "sales.orders"))))
                .post(BASE + "/decisions");
    }

    @Test
    void aContractProducerMayInsertAndTheAnswerNamesTheContract() {
        insert("service-account-shop-backend", "shop-backend")
                .then()
                .statusCode(200)
                .body("principal.client", equalTo("shop-backend"))
                .body("decisions[0].privilege", equalTo("INSERT"))
                .body("decisions[0].allowed", equalTo(true))
                .body("decisions[0].grants", empty())
                .body("decisions[0].contract-producers", hasSize(1))
                .body("decisions[0].contract-producers[0].producer", equalTo("shop-backend"))
                .body("decisions[0].contract-producers[0].source", equalTo("contract"));
    }

    @Test
    void anyoneElseNeedsAnInsertGrant() {
        insert("pat", "tributary-cli")
                .then()
                .statusCode(200)
                .body("decisions[0].allowed", equalTo(false))
                .body("decisions[0].reason", containsString("not among the producers of its ingest contract"));
        GovernanceApi.create("""
                {"kind": "grant", "principal": "user:pat", "privilege": "INSERT", "securable": "sales",
                 "reason": "pat loads sales by hand"}""");
        insert("pat", "tributary-cli")
                .then()
                .statusCode(200)
                .body("decisions[0].allowed", equalTo(true))
                .body("decisions[0].grants", hasSize(1))
                .body("decisions[0].contract-producers", nullValue());
    }

    @Test
    void explainShowsAnInsertDecisionWithItsSource() {
        as(GovernanceApi.STEWARD)
                .queryParam("principal", "shop-backend")
                .queryParam("table", "sales.orders")
                .queryParam("role", "data-producer")
                .queryParam("action", "INSERT")
                .get(BASE + "/explain")
                .then()
                .statusCode(200)
                .body("decision.privilege", equalTo("INSERT"))
                .body("decision.allowed", equalTo(true))
                .body("decision.contract-producers[0].producer", equalTo("shop-backend"))
                .body("decision.contract-producers[0].source", equalTo("contract"));
        as(GovernanceApi.STEWARD)
                .queryParam("principal", "shop-backend")
                .queryParam("table", "sales.orders")
                .queryParam("action", "READ")
                .get(BASE + "/explain")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("action"));
    }
}
