package io.tributary.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    private static final String TOPIC = "tributary.ingest.sales.orders";

    @Test
    void offsetsRoundTripThroughTheSummaryValue() {
        String json = Checkpoint.offsetsJson(TOPIC, Map.of(2, 7L, 0, 41L, 10, 3L));

        assertThat(json).isEqualTo("{\"tributary.ingest.sales.orders\":{\"0\":41,\"2\":7,\"10\":3}}");
        assertThat(Checkpoint.parseOffsets(json, TOPIC))
                .containsExactly(Map.entry(0, 41L), Map.entry(2, 7L), Map.entry(10, 3L));
    }

    @Test
    void anotherTopicsOffsetsMeanStartingFromTheBeginning() {
        String json = Checkpoint.offsetsJson("tributary.ingest.sales.old_orders", Map.of(0, 5L));
        assertThat(Checkpoint.parseOffsets(json, TOPIC)).isEmpty();
        Checkpoint none = Checkpoint.none(TOPIC);
        assertThat(none.isNone()).isTrue();
        assertThat(none.startOf(0)).isEqualTo(-1);
    }

    @Test
    void unreadableOffsetsAreRefusedRatherThanReadAsZero() {
        assertThatThrownBy(() -> Checkpoint.parseOffsets("{not json", TOPIC)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Checkpoint.parseOffsets("{\"" + TOPIC + "\":{\"0\":\"x\"}}", TOPIC))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("partition 0");
    }
}
