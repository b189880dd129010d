package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * PII discovery on the real path: a producer posts e-mail addresses and card numbers into a new, untagged table;
 * governance samples the new rows through query-service and proposes {@code pii.email} and {@code pii.card}; once a
 * steward accepts them, the catalog carries the tags and privacy by default hashes the columns for analysts while the
 * steward still reads the true values.
 */
@Order(15)
class PiiDiscoveryTest {

    private static final String NAMESPACE = "e2e_pii_" + Long.toString(System.currentTimeMillis(), 36);
    private static final String TABLE = NAMESPACE + ".signups";
    private static final String CLASSIFICATIONS = "/api/governance/v1/classifications";
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final int ROWS = 30;
    private static boolean created;

    @AfterAll
    static void dropTheTable() {
        if (created) {
            given().auth()
                    .oauth2(Suite.userToken("ada"))
                    .queryParam("purge", true)
                    .delete(Suite.gateway() + "/api/catalog/v1/namespaces/" + NAMESPACE + "/tables/signups")
                    .then()
                    .statusCode(204);
        }
    }

    @Test
    void proposalsForNewDataAreAcceptedAndThenMaskedForAnalysts() throws Exception {
        given().auth()
                .oauth2(Suite.userToken("ada"))
                .contentType("application/json")
                .body("""
                        {"namespace": "%s", "name": "signups", "owner": "team-e2e", "key": "id",
                         "columns": [{"name": "id", "type": "long", "required": true},
                                     {"name": "contact", "type": "string"}, {"name": "card", "type": "string"},
                                     {"name": "note", "type": "string"}],
                         "producers": ["example-producer"]}""".formatted(NAMESPACE))
                .post(Suite.gateway() + "/api/catalog/v1/datasets")
                .then()
                .statusCode(201);
        created = true;

        List<String> emails = new ArrayList<>();
        List<String> cards = cards(ROWS);
        StringBuilder records = new StringBuilder("[");
        for (int i = 0; i < ROWS; i++) {
            emails.add("signup" + i + "@mail.example");
            records.append(i == 0 ? "" : ",")
                    .append("{\"id\": ")
                    .append(i)
                    .append(", \"contact\": \"")
                    .append(emails.get(i))
                    .append("\", \"card\": \"")
                    .append(cards.get(i))
                    .append("\", \"note\": \"left a note ")
                    .append(i)
                    .append("\"}");
        }
        records.append("]");
        given().auth()
                .oauth2(Suite.producerToken())
                .contentType("application/json")
                .body(records.toString())
                .post(Suite.gateway() + "/api/ingest/v1/tables/" + NAMESPACE + "/signups/records")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(ROWS));

        Map<String, Map<String, Object>> byTag = LakeWriterTest.poll(
                PiiDiscoveryTest::proposals,
                found -> found.containsKey("pii.email") && found.containsKey("pii.card"),
                DEADLINE);
        assertThat(byTag).as("proposals for " + TABLE).containsOnlyKeys("pii.email", "pii.card");
        Map<String, Object> email = byTag.get("pii.email");
        Map<String, Object> card = byTag.get("pii.card");
        assertThat(email).containsEntry("column", "contact").containsEntry("status", "proposed");
        assertThat(card).containsEntry("column", "card").containsEntry("status", "proposed");
        assertThat(((Number) email.get("share")).doubleValue()).isEqualTo(1.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) email.get("evidence");
        assertThat(evidence).containsEntry("detector", "email").containsEntry("sample-size", ROWS);
        @SuppressWarnings("unchecked")
        List<String> examples = (List<String>) evidence.get("examples");
        assertThat(examples).isNotEmpty().hasSizeLessThanOrEqualTo(5).doesNotContainAnyElementsOf(emails);

        for (Map<String, Object> proposal : List.of(email, card)) {
            given().auth()
                    .oauth2(Suite.userToken("sam"))
                    .contentType("application/json")
                    .body("{\"reason\": \"signup contact and payment data\"}")
                    .post(Suite.gateway() + CLASSIFICATIONS + "/" + proposal.get("id") + "/accept")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("accepted"))
                    .body("decided-by", equalTo("sam"))
                    .body("applied", equalTo(true));
        }
        JsonPath dataset = given().auth()
                .oauth2(Suite.userToken("sam"))
                .get(Suite.gateway() + "/api/catalog/v1/namespaces/" + NAMESPACE + "/tables/signups")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(dataset.getList("column-tags.contact")).containsExactly("pii.email");
        assertThat(dataset.getList("column-tags.card")).containsExactly("pii.card");

        String sql = "SELECT contact, card FROM " + TABLE + " ORDER BY id LIMIT 5";
        List<List<Object>> analyst = LakeWriterTest.poll(
                () -> rows(Suite.userToken("ana"), sql),
                rows -> rows.size() == 5 && !rows.get(0).get(0).equals(emails.get(0)),
                Duration.ofSeconds(30));
        assertThat(analyst).hasSize(5).allSatisfy(row -> {
            assertThat((String) row.get(0)).matches("[0-9a-f]{64}").isNotIn(emails);
            assertThat((String) row.get(1)).matches("[0-9a-f]{64}").isNotIn(cards);
        });
        assertThat(rows(Suite.userToken("sam"), sql))
                .containsExactly(
                        List.of(emails.get(0), cards.get(0)),
                        List.of(emails.get(1), cards.get(1)),
                        List.of(emails.get(2), cards.get(2)),
                        List.of(emails.get(3), cards.get(3)),
                        List.of(emails.get(4), cards.get(4)));
    }

    /** The table's proposals by tag, as the steward lists them. */
    private static Map<String, Map<String, Object>> proposals() {
        List<Map<String, Object>> list = given().auth()
                .oauth2(Suite.userToken("sam"))
                .queryParam("table", TABLE)
                .get(Suite.gateway() + CLASSIFICATIONS)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("classifications");
        return list.stream()
                .collect(Collectors.toMap(c -> (String) c.get("tag"), c -> c, (a, b) -> a, LinkedHashMap::new));
    }

    /** Runs a statement through the gateway and reads every page; an empty list while it is refused. */
    private static List<List<Object>> rows(String token, String sql) {
        Response response = given().auth()
                .oauth2(token)
                .contentType("application/json")
                .accept("application/json")
                .body(Map.of("sql", sql, "engine", "duckdb"))
                .post(Suite.gateway() + "/api/query/v1/statements");
        List<List<Object>> rows = new ArrayList<>();
        while (true) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
            JsonPath page = response.jsonPath();
            List<List<Object>> data = page.getList("data");
            if (data != null) {
                rows.addAll(data);
            }
            String next = page.getString("next-uri");
            if (next == null) {
                return rows;
            }
            URI uri = URI.create(next);
            response = given().auth()
                    .oauth2(token)
                    .accept("application/json")
                    .get(Suite.gateway()
                            + uri.getRawPath()
                            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }
    }

    /** Visa numbers that pass the Luhn check. */
    private static List<String> cards(int count) {
        Random random = new Random(7);
        List<String> cards = new ArrayList<>();
        while (cards.size() < count) {
            StringBuilder number = new StringBuilder("4");
            for (int i = 0; i < 14; i++) {
                number.append(random.nextInt(10));
            }
            number.append(luhnDigit(number));
            cards.add(number.toString());
        }
        return cards;
    }

    private static int luhnDigit(CharSequence body) {
        int sum = 0;
        for (int i = body.length() - 1, position = 0; i >= 0; i--, position++) {
            int digit = body.charAt(i) - '0';
            if (position % 2 == 0) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }
}
