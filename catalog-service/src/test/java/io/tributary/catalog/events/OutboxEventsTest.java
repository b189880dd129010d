package io.tributary.catalog.events;

import static io.tributary.catalog.events.CatalogEventsConsumer.count;
import static io.tributary.catalog.events.CatalogEventsConsumer.read;
import static io.tributary.catalog.events.CatalogEventsConsumer.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.EventTypes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Catalog changes reach tributary.catalog.events through the outbox: each once, in order, nothing left behind. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class OutboxEventsTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "order_id", Types.LongType.get()),
            Types.NestedField.optional(2, "amount", Types.DecimalType.of(10, 2)));

    @Inject
    IcebergTestFixture fixture;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private CatalogEventsConsumer consumer;

    @BeforeEach
    void fromTheEndOfTheTopic() throws Exception {
        fixture.reset();
        awaitOutboxDrained();
        consumer = new CatalogEventsConsumer(bootstrapServers);
    }

    @AfterEach
    void closeConsumer() {
        if (consumer != null) {
            consumer.close();
        }
    }

    @Test
    void createAndAppendArePublishedOnceInOrder() throws Exception {
        String ns = "outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String subject = ns + ".orders";
        try (RESTCatalog catalog = fixture.restCatalog("outbox", new HashMap<>())) {
            catalog.createNamespace(Namespace.of(ns), new HashMap<>());
            Table table = catalog.createTable(TableIdentifier.of(ns, "orders"), SCHEMA);
            table.newFastAppend()
                    .appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                            .withPath("/lake/orders/1.parquet")
                            .withFormat(FileFormat.PARQUET)
                            .withFileSizeInBytes(10)
                            .withRecordCount(3)
                            .build())
                    .commit();
            // A commit that moves neither the snapshot nor the schema is no event.
            table.updateProperties().set("owner", "sales").commit();
        }

        List<ConsumerRecord<String, String>> events =
                consumer.consume(seen -> count(seen, ns) >= 1 && count(seen, subject) >= 2);
        List<ConsumerRecord<String, String>> tableEvents =
                events.stream().filter(r -> subject.equals(r.key())).toList();
        assertThat(tableEvents)
                .extracting(CatalogEventsConsumer::type)
                .containsExactly(EventTypes.TABLE_CREATED, EventTypes.SNAPSHOT_COMMITTED);
        assertThat(events.stream().filter(r -> ns.equals(r.key())).map(CatalogEventsConsumer::type))
                .containsExactly(EventTypes.NAMESPACE_CREATED);

        JsonNode created = read(tableEvents.get(0));
        assertThat(created.get("specversion").asText()).isEqualTo("1.0");
        assertThat(created.get("source").asText()).isEqualTo("/tributary/catalog");
        assertThat(created.get("subject").asText()).isEqualTo(subject);
        assertThat(created.get("id").asText()).isNotBlank();
        assertThat(created.get("time").asText()).endsWith("Z");
        assertThat(created.at("/data/table").asText()).isEqualTo("orders");

        ConsumerRecord<String, String> committedRecord = tableEvents.get(1);
        JsonNode committed = read(committedRecord);
        assertThat(committed.at("/data/operation").asText()).isEqualTo("append");
        assertThat(committed.at("/data/added-records").asLong()).isEqualTo(3);
        assertThat(committed.at("/data/summary/added-data-files").asText()).isEqualTo("1");
        assertThat(committed.at("/data/snapshot-id").isNumber()).isTrue();
        Header contentType = committedRecord.headers().lastHeader(EventHeaders.CONTENT_TYPE);
        assertThat(new String(contentType.value(), StandardCharsets.UTF_8))
                .isEqualTo(EventHeaders.CLOUDEVENTS_CONTENT_TYPE);
        // Events of one table share a key and so a partition; their order there is the commit order.
        assertThat(tableEvents.get(0).partition()).isEqualTo(committedRecord.partition());
        assertThat(tableEvents.get(0).offset()).isLessThan(committedRecord.offset());

        awaitOutboxDrained();
    }

    @Test
    void schemaChangesAndDropsArePublished() throws Exception {
        String ns = "outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String subject = ns + ".orders";
        try (RESTCatalog catalog = fixture.restCatalog("outbox", new HashMap<>())) {
            catalog.createNamespace(Namespace.of(ns), new HashMap<>());
            Table table = catalog.createTable(TableIdentifier.of(ns, "orders"), SCHEMA);
            table.updateSchema().addColumn("note", Types.StringType.get()).commit();
            catalog.dropTable(TableIdentifier.of(ns, "orders"), false);
            catalog.dropNamespace(Namespace.of(ns));
        }

        List<ConsumerRecord<String, String>> events =
                consumer.consume(seen -> count(seen, ns) >= 2 && count(seen, subject) >= 4);
        // A schema change is also a new contract version.
        assertThat(events.stream().filter(r -> subject.equals(r.key())).map(CatalogEventsConsumer::type))
                .containsExactly(
                        EventTypes.TABLE_CREATED,
                        EventTypes.SCHEMA_CHANGED,
                        EventTypes.CONTRACT_CHANGED,
                        EventTypes.TABLE_DROPPED);
        assertThat(events.stream().filter(r -> ns.equals(r.key())).map(CatalogEventsConsumer::type))
                .containsExactly(EventTypes.NAMESPACE_CREATED, EventTypes.NAMESPACE_DROPPED);
        JsonNode schemaChanged = events.stream()
                .filter(r -> type(r).equals(EventTypes.SCHEMA_CHANGED))
                .map(CatalogEventsConsumer::read)
                .findFirst()
                .orElseThrow();
        assertThat(schemaChanged.at("/data/previous-schema-id").asInt()).isZero();
        assertThat(schemaChanged.at("/data/schema-id").asInt()).isEqualTo(1);

        awaitOutboxDrained();
    }

    @Test
    void aRefusedChangeWritesNoEvent() {
        long before = fixture.rows("catalog_outbox");
        try (RESTCatalog catalog = fixture.restCatalog("outbox", new HashMap<>())) {
            String ns =
                    "outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            catalog.createNamespace(Namespace.of(ns), new HashMap<>());
            long afterCreate = fixture.rows("catalog_outbox");
            assertThat(afterCreate).isEqualTo(before + 1);
            org.junit.jupiter.api.Assertions.assertThrows(
                    RuntimeException.class, () -> catalog.createNamespace(Namespace.of(ns), new HashMap<>()));
            org.junit.jupiter.api.Assertions.assertThrows(
                    RuntimeException.class,
                    () -> catalog.createTable(TableIdentifier.of(ns + "_missing", "orders"), SCHEMA));
            assertThat(fixture.rows("catalog_outbox")).isEqualTo(afterCreate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitOutboxDrained() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (unpublished() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(unpublished() + " catalog events still unpublished after 30 s");
            }
            Thread.sleep(100);
        }
        assertThat(unpublished()).isZero();
    }

    private long unpublished() {
        return fixture.rows("catalog_outbox WHERE published_at IS NULL");
    }
}
