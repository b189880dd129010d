package io.tributary.governance;

import static io.tributary.governance.GovernanceApi.BASE;
import static io.tributary.governance.GovernanceApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.common.annotation.Identifier;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.Uuid7;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** tributary.audit into the hash-chained log: each event once, however often Kafka delivers it; edits are found. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class AuditLogTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private static String event(String id, String actor, int n) {
        return "{\"specversion\": \"1.0\", \"id\": \"" + id
                + "\", \"source\": \"/tributary/test\", \"type\": \"io.tributary.audit.recorded\","
                + " \"data\": {\"principal\": \"" + actor
                + "\", \"action\": \"test.write\", \"resource\": \"table:sales.orders\","
                + " \"outcome\": \"accepted\", \"occurredAt\": \"2026-12-01T10:00:00.123456Z\", \"detail\": {\"n\": "
                + n + "}}}";
    }

    private List<Map<String, Object>> entriesOf(String actor, int expected) throws InterruptedException {
        List<Map<String, Object>> entries = List.of();
        for (int i = 0; i < 300; i++) {
            entries = as(GovernanceApi.STEWARD)
                    .queryParam("actor", actor)
                    .queryParam("limit", 1000)
                    .get(BASE + "/audit")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("entries");
            if (entries.size() >= expected) {
                Thread.sleep(500);
                return as(GovernanceApi.STEWARD)
                        .queryParam("actor", actor)
                        .queryParam("limit", 1000)
                        .get(BASE + "/audit")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("entries");
            }
            Thread.sleep(100);
        }
        return entries;
    }

    @Test
    void duplicateDeliveriesAreChainedOnceAndTheChainVerifies() throws Exception {
        String actor = "audit-test-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 50; i++) {
                String id = Uuid7.next().toString();
                ids.add(id);
                producer.send(new ProducerRecord<>(Topics.AUDIT, actor, event(id, actor, i)));
            }
            // A producer retry or a relay's second delivery: the same events again.
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(Topics.AUDIT, actor, event(ids.get(i), actor, i)));
            }
            producer.send(new ProducerRecord<>(Topics.AUDIT, actor, "not an audit event"))
                    .get();
        }
        List<Map<String, Object>> entries = entriesOf(actor, 50);
        assertThat(entries).hasSize(50);
        assertThat(entries).extracting(e -> e.get("event-id")).containsExactlyElementsOf(ids);
        Map<String, Object> verify = as(GovernanceApi.STEWARD)
                .get(BASE + "/audit/verify")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
        assertThat(verify.get("valid")).isEqualTo(true);
        assertThat(((Number) verify.get("count")).longValue()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void theServiceRoleCannotChangeTheLogAndAnEditIsNamedByVerify() throws Exception {
        String actor = "audit-edit-" + UUID.randomUUID();
        String id = Uuid7.next().toString();
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.AUDIT, actor, event(id, actor, 1)))
                    .get();
        }
        Map<String, Object> entry = entriesOf(actor, 1).get(0);
        long seq = ((Number) entry.get("seq")).longValue();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE audit_log SET outcome = 'x' WHERE seq = " + seq))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_log WHERE seq = " + seq))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
        // Someone with the owner's rights switches the trigger off and edits the entry: the chain names it.
        edit(seq, "mallory");
        try {
            as(GovernanceApi.ADMIN)
                    .get(BASE + "/audit/verify")
                    .then()
                    .statusCode(200)
                    .body("valid", org.hamcrest.Matchers.equalTo(false))
                    .body("first-broken-entry.seq", org.hamcrest.Matchers.equalTo((int) seq))
                    .body("first-broken-entry.event-id", org.hamcrest.Matchers.equalTo(id));
        } finally {
            edit(seq, actor);
        }
        as(GovernanceApi.ADMIN)
                .get(BASE + "/audit/verify")
                .then()
                .statusCode(200)
                .body("valid", org.hamcrest.Matchers.equalTo(true));
    }

    private void edit(long seq, String principal) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                    PreparedStatement update =
                            connection.prepareStatement("UPDATE audit_log SET principal = ? WHERE seq = ?")) {
                statement.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
                update.setString(1, principal);
                update.setLong(2, seq);
                update.executeUpdate();
                statement.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only");
            }
            connection.commit();
        }
    }

    @Test
    void policyChangesAndDenialsAreAudited() throws Exception {
        String id = GovernanceApi.create(
                "{\"kind\": \"grant\", \"principal\": \"user:audit-probe\", \"privilege\": \"SELECT\","
                        + " \"securable\": \"hr.salaries\", \"reason\": \"audit probe\"}");
        as(GovernanceApi.STEWARD)
                .queryParam("reason", "done")
                .delete(BASE + "/policies/" + id)
                .then()
                .statusCode(204);
        String denied = "denied-" + UUID.randomUUID();
        GovernanceApi.decide(denied, List.of(), Map.of(), "hr.salaries").then().statusCode(200);
        List<Map<String, Object>> changes = List.of();
        for (int i = 0; i < 300 && changes.size() < 2; i++) {
            changes = as(GovernanceApi.STEWARD)
                    .queryParam("resource", "policy:" + id)
                    .get(BASE + "/audit")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("entries");
            Thread.sleep(100);
        }
        assertThat(changes)
                .extracting(e -> e.get("action"))
                .containsExactly("governance.policy.create", "governance.policy.delete");
        assertThat(entriesOf(denied, 1)).singleElement().satisfies(e -> {
            assertThat(e.get("outcome")).isEqualTo("denied");
            assertThat(e.get("resource")).isEqualTo("table:hr.salaries");
        });
    }
}
