package io.tributary.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CloudEventTest {

    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void serializesAsStructuredCloudEvent() throws Exception {
        CloudEvent event = CloudEvent.of(
                "/catalog",
                EventTypes.TABLE_CREATED,
                "sales.orders",
                json.createObjectNode().put("table", "orders"));
        JsonNode tree = json.readTree(json.writeValueAsString(event));
        assertThat(tree.get("specversion").asText()).isEqualTo("1.0");
        assertThat(tree.get("type").asText()).isEqualTo("io.tributary.catalog.table.created");
        assertThat(tree.get("subject").asText()).isEqualTo("sales.orders");
        assertThat(tree.get("data").get("table").asText()).isEqualTo("orders");
        assertThat(Instant.parse(tree.get("time").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(UUID.fromString(tree.get("id").asText()).version()).isEqualTo(7);
        assertThat(json.readValue(json.writeValueAsString(event), CloudEvent.class))
                .isEqualTo(event);
    }

    @Test
    void refusesAnotherSpecVersionOrMissingType() {
        assertThatThrownBy(() -> new CloudEvent("0.3", "1", "/s", "t", null, null, null, null))
                .hasMessageContaining("specversion");
        assertThatThrownBy(() -> new CloudEvent("1.0", "1", "/s", " ", null, null, null, null))
                .hasMessageContaining("type");
    }

    @Test
    void uuid7IsTimeOrdered() {
        UUID earlier = Uuid7.at(1_700_000_000_000L);
        UUID later = Uuid7.at(1_700_000_000_001L);
        assertThat(earlier.version()).isEqualTo(7);
        assertThat(earlier.variant()).isEqualTo(2);
        assertThat(Uuid7.epochMillis(earlier)).isEqualTo(1_700_000_000_000L);
        assertThat(earlier.toString()).isLessThan(later.toString());
    }
}
