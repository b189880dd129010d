package io.tributary.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void ingestTopicJoinsNamespaceAndTable() {
        assertThat(Topics.ingest("sales", "orders")).isEqualTo("tributary.ingest.sales.orders");
    }

    @Test
    void rejectsNamesKafkaCannotCarry() {
        assertThatThrownBy(() -> Topics.ingest("sales", "../etc")).hasMessageContaining("table '../etc'");
        assertThatThrownBy(() -> Topics.ingest("a.b", "t")).hasMessageContaining("namespace 'a.b'");
        assertThatThrownBy(() -> Topics.ingest("", "t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.ingest("x".repeat(240), "t")).hasMessageContaining("249");
    }
}
