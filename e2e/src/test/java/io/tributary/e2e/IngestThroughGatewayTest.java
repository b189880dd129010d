package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A producer's path: an admin creates the table through the Iceberg REST catalog, the example producer posts records
 * through the gateway with a client-credentials token, and the receipt's offsets hold exactly those records in Kafka.
 */
@Order(5)
class IngestThroughGatewayTest {

    @Test
    void producerPostsRecordsThatLandInKafkaAndBadOnesAreRefused() throws Exception {
        String namespace = "e2e_ingest_" + Long.toString(System.currentTimeMillis(), 36);
        TableIdentifier id = TableIdentifier.of(Namespace.of(namespace), "orders");
        try (RESTCatalog admin = Suite.catalog(Suite.userToken("ada"))) {
            admin.createNamespace(Namespace.of(namespace), new HashMap<>());
            admin.createTable(
                    id,
                    new Schema(
                            Types.NestedField.required(1, "order_id", Types.LongType.get()),
                            Types.NestedField.optional(2, "amount", Types.DecimalType.of(10, 2)),
                            Types.NestedField.optional(3, "placed_at", Types.TimestampType.withZone())),
                    PartitionSpec.unpartitioned(),
                    // The table's INSERT allow-list: only the example producer's client may push records.
                    new HashMap<>(Map.of("tributary.ingest.producers", "example-producer")));
        }
        String url = Suite.gateway() + "/api/ingest/v1/tables/" + namespace + "/orders/records";
        String producer = Suite.producerToken();

        JsonPath receipt = given().auth()
                .oauth2(producer)
                .contentType("application/json")
                .body("[{\"order_id\": 1, \"amount\": \"12.50\", \"placed_at\": \"2024-05-31T13:45:30+02:00\"},"
                        + "{\"order_id\": 2, \"amount\": 3.25},"
                        + "{\"order_id\": 3}]")
                .when()
                .post(url)
                .then()
                .statusCode(200)
                .body("accepted", equalTo(3))
                .body("rejected", equalTo(0))
                .body("topic", equalTo("tributary.ingest." + namespace + ".orders"))
                .extract()
                .jsonPath();

        List<String> landed = readBack(receipt);
        assertThat(landed)
                .extracting(value -> new JsonPath(value).getLong("order_id"))
                .containsExactlyInAnyOrder(1L, 2L, 3L);

        // Strict mode: one bad record and nothing is accepted; the answer names the record and the field.
        given().auth()
                .oauth2(producer)
                .contentType("application/json")
                .body("[{\"order_id\": 4}, {\"order_id\": \"five\"}]")
                .when()
                .post(url)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].index", equalTo(1))
                .body("errors[0].pointer", equalTo("/order_id"));

        // Analysts read data; they do not produce it.
        given().auth()
                .oauth2(Suite.userToken("ana"))
                .contentType("application/json")
                .body("{\"order_id\": 9}")
                .when()
                .post(url)
                .then()
                .statusCode(403);
    }

    /** The values at the offsets the receipt names, in order. */
    private static List<String> readBack(JsonPath receipt) {
        Properties config = new Properties();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getenv().getOrDefault("TRIBUTARY_KAFKA_BOOTSTRAP", "127.0.0.1:19092"));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        String topic = receipt.getString("topic");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            for (Map<String, Object> range : receipt.<Map<String, Object>>getList("partitions")) {
                TopicPartition partition = new TopicPartition(topic, ((Number) range.get("partition")).intValue());
                long first = ((Number) range.get("firstOffset")).longValue();
                long last = ((Number) range.get("lastOffset")).longValue();
                consumer.assign(List.of(partition));
                consumer.seek(partition, first);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                long next = first;
                while (next <= last && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() <= last) {
                            values.add(new String(record.value(), StandardCharsets.UTF_8));
                        }
                        next = record.offset() + 1;
                    }
                }
            }
        }
        return values;
    }
}
