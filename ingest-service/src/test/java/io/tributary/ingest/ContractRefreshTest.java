package io.tributary.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.EventTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Catalog events on the real {@code tributary.catalog.events} refresh cached contracts while the service runs. The
 * static contract file is only read again when told to, so each change below is invisible until its event arrives.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class ContractRefreshTest {

    static final String PRODUCER = TestTokens.withRoles("orders-app", Roles.DATA_PRODUCER);

    static int post(String body) {
        return given().auth()
                .oauth2(PRODUCER)
                .contentType("application/json")
                .body(body)
                .when()
                .post("/api/ingest/v1/tables/" + IngestTestContracts.namespace() + "/evolving/records")
                .then()
                .extract()
                .statusCode();
    }

    static Properties kafka() {
        Properties properties = new Properties();
        properties.put(
                "bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        return properties;
    }

    static void publish(String type) throws Exception {
        String ns = IngestTestContracts.namespace();
        String event = """
                {"specversion": "1.0", "id": "%s", "source": "/tributary/catalog", "type": "%s", "subject": "%s.evolving",
                 "time": "2026-01-01T00:00:00Z", "datacontenttype": "application/json",
                 "data": {"namespace": ["%s"], "table": "evolving"}}""".formatted(UUID.randomUUID(), type, ns, ns);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(kafka(), new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                    Topics.CATALOG_EVENTS,
                    (ns + ".evolving").getBytes(StandardCharsets.UTF_8),
                    event.getBytes(StandardCharsets.UTF_8));
            record.headers()
                    .add(
                            EventHeaders.CONTENT_TYPE,
                            EventHeaders.CLOUDEVENTS_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    /** Asks until the answer satisfies {@code expected}, for at most 30 s; returns the last status. */
    static int awaitStatus(String body, IntPredicate expected) throws InterruptedException {
        int status = post(body);
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                !expected.test(status) && System.nanoTime() < deadline; ) {
            Thread.sleep(100);
            status = post(body);
        }
        return status;
    }

    @Test
    void aSchemaChangeIsAcceptedAndADropIs404AfterTheirEventsWithoutRestart() throws Exception {
        try (Admin admin = Admin.create(kafka())) {
            admin.createTopics(List.of(new NewTopic(Topics.CATALOG_EVENTS, Optional.of(3), Optional.empty())))
                    .all()
                    .get();
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
        }
        // The service follows the topic once it exists.
        String state = "";
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                !"following".equals(state) && System.nanoTime() < deadline; ) {
            Thread.sleep(200);
            state = given().when()
                    .get("/q/health/ready")
                    .then()
                    .extract()
                    .jsonPath()
                    .getString("checks.find { it.name == 'catalog-events' }.data.state");
        }
        assertThat(state).isEqualTo("following");

        String withNote = "{\"id\": 1, \"note\": \"hello\"}";
        assertThat(post(withNote)).as("'note' is not in version 1").isEqualTo(422);

        Files.writeString(
                IngestTestContracts.file(), IngestTestContracts.contracts(IngestTestContracts.EVOLVING_V2, true));
        assertThat(post(withNote)).as("the changed file alone changes nothing").isEqualTo(422);
        publish(EventTypes.SCHEMA_CHANGED);
        assertThat(awaitStatus(withNote, s -> s == 200))
                .as("accepted after schema-changed")
                .isEqualTo(200);

        Files.writeString(
                IngestTestContracts.file(), IngestTestContracts.contracts(IngestTestContracts.EVOLVING_V2, false));
        assertThat(post(withNote)).isEqualTo(200);
        publish(EventTypes.TABLE_DROPPED);
        assertThat(awaitStatus(withNote, s -> s == 404))
                .as("404 after table-dropped")
                .isEqualTo(404);

        Files.writeString(
                IngestTestContracts.file(), IngestTestContracts.contracts(IngestTestContracts.EVOLVING_V1, true));
        publish(EventTypes.TABLE_CREATED);
        assertThat(awaitStatus("{\"id\": 2}", s -> s == 200)).isEqualTo(200);
    }
}
