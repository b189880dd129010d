package io.tributary.catalog.api.platform;

import static io.tributary.catalog.api.platform.DatasetApiTest.ADMIN;
import static io.tributary.catalog.api.platform.DatasetApiTest.CONTRACT;
import static io.tributary.catalog.api.platform.DatasetApiTest.DATASET;
import static io.tributary.catalog.api.platform.DatasetApiTest.DATASETS;
import static io.tributary.catalog.api.platform.DatasetApiTest.STEWARD;
import static io.tributary.catalog.api.platform.DatasetApiTest.as;
import static io.tributary.catalog.api.platform.DatasetApiTest.ordersBody;
import static io.tributary.catalog.api.platform.DatasetApiTest.unique;
import static io.tributary.catalog.events.CatalogEventsConsumer.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import io.tributary.catalog.events.CatalogEventsConsumer;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.EventTypes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.View;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Platform changes reach tributary.catalog.events in order, carrying the request's traceparent. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class DatasetEventsTest {

    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Inject
    IcebergTestFixture fixture;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private CatalogEventsConsumer consumer;

    @BeforeEach
    void fromTheEndOfTheTopic() throws Exception {
        fixture.reset();
        consumer = new CatalogEventsConsumer(bootstrapServers);
    }

    @AfterEach
    void closeConsumer() {
        if (consumer != null) {
            consumer.close();
        }
    }

    @Test
    void tagContractAndMetadataChangesArePublishedInOrderWithTheTrace() throws Exception {
        String ns = unique("events");
        String subject = ns + ".orders";
        as(ADMIN).body(ordersBody(ns, "orders")).post(DATASETS).then().statusCode(201);
        as(STEWARD)
                .header("traceparent", TRACE)
                .body("{\"tags\": [\"finance\"], \"column-tags\": {\"amount\": [\"money\"]}}")
                .patch(DATASET, ns, "orders")
                .then()
                .statusCode(200);
        as(ADMIN)
                .header("traceparent", TRACE)
                .body("{\"compatibility\": \"FULL\", \"producers\": [\"shop-backend\"]}")
                .put(CONTRACT, ns, "orders")
                .then()
                .statusCode(200);
        as(STEWARD)
                .body("{\"owner\": \"team-b\"}")
                .patch(DATASET, ns, "orders")
                .then()
                .statusCode(200);
        as(ADMIN)
                .header("traceparent", "not-a-trace")
                .body("""
                {"columns": [
                   {"name": "order_id", "type": "long", "required": true},
                   {"name": "email", "type": "string"},
                   {"name": "amount", "type": "decimal(10, 2)"},
                   {"name": "created_at", "type": "timestamptz", "required": true},
                   {"name": "channel", "type": "string"}]}
                """)
                .put(CONTRACT, ns, "orders")
                .then()
                .statusCode(200);

        List<ConsumerRecord<String, String>> events = consumer.consume(subject, 6);
        assertThat(events)
                .extracting(CatalogEventsConsumer::type)
                .containsExactly(
                        EventTypes.TABLE_CREATED,
                        EventTypes.TAGS_CHANGED,
                        EventTypes.CONTRACT_CHANGED,
                        EventTypes.DATASET_UPDATED,
                        EventTypes.SCHEMA_CHANGED,
                        EventTypes.CONTRACT_CHANGED);

        JsonNode tags = read(events.get(1));
        assertThat(tags.at("/data/tags").toString()).isEqualTo("[\"finance\"]");
        assertThat(tags.at("/data/previous-tags").toString()).isEqualTo("[\"finance\",\"gold\"]");
        assertThat(tags.at("/data/column-tags/amount").toString()).isEqualTo("[\"money\"]");
        assertThat(traceparent(events.get(1))).isEqualTo(TRACE);

        JsonNode contract = read(events.get(2));
        assertThat(contract.at("/data/changed").toString()).isEqualTo("[\"compatibility\",\"producers\"]");
        assertThat(contract.at("/data/compatibility").asText()).isEqualTo("FULL");
        assertThat(contract.at("/data/previous-compatibility").asText()).isEqualTo("BACKWARD");
        assertThat(contract.at("/data/producers").toString()).isEqualTo("[\"shop-backend\"]");
        assertThat(traceparent(events.get(2))).isEqualTo(TRACE);

        assertThat(read(events.get(3)).at("/data/owner").asText()).isEqualTo("team-b");
        assertThat(traceparent(events.get(3))).isNull();
        JsonNode schemaContract = read(events.get(5));
        assertThat(schemaContract.at("/data/changed").toString()).isEqualTo("[\"schema\"]");
        assertThat(schemaContract.at("/data/version").asInt()).isEqualTo(1);
        // A malformed traceparent is not passed on.
        assertThat(traceparent(events.get(5))).isNull();
    }

    @Test
    void renamesAndViewsArePublished() throws Exception {
        String ns = unique("events");
        try (RESTCatalog catalog = fixture.restCatalog("events", new HashMap<>())) {
            catalog.createNamespace(Namespace.of(ns), new HashMap<>());
            Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
            catalog.createTable(TableIdentifier.of(ns, "t1"), schema);
            catalog.renameTable(TableIdentifier.of(ns, "t1"), TableIdentifier.of(ns, "t2"));
            View view = catalog.buildView(TableIdentifier.of(ns, "v1"))
                    .withSchema(schema)
                    .withDefaultNamespace(Namespace.of(ns))
                    .withQuery("spark", "select id from t2")
                    .create();
            assertThat(view).isNotNull();
            catalog.buildView(TableIdentifier.of(ns, "v1"))
                    .withSchema(schema)
                    .withDefaultNamespace(Namespace.of(ns))
                    .withQuery("spark", "select id + 1 as id from t2")
                    .replace();
            catalog.renameView(TableIdentifier.of(ns, "v1"), TableIdentifier.of(ns, "v2"));
            catalog.dropView(TableIdentifier.of(ns, "v2"));
        }
        List<ConsumerRecord<String, String>> table = consumer.consume(ns + ".t1", 2);
        assertThat(table)
                .extracting(CatalogEventsConsumer::type)
                .containsExactly(EventTypes.TABLE_CREATED, EventTypes.TABLE_RENAMED);
        assertThat(read(table.get(1)).at("/data/new-table").asText()).isEqualTo("t2");
        List<ConsumerRecord<String, String>> v1 = consumer.consume(ns + ".v1", 3);
        assertThat(v1)
                .extracting(CatalogEventsConsumer::type)
                .containsExactly(EventTypes.VIEW_CREATED, EventTypes.VIEW_REPLACED, EventTypes.VIEW_RENAMED);
        assertThat(consumer.consume(ns + ".v2", 1))
                .extracting(CatalogEventsConsumer::type)
                .containsExactly(EventTypes.VIEW_DROPPED);
    }

    private static String traceparent(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(EventHeaders.TRACEPARENT);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
