package io.tributary.catalog.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdTest {

    @Test
    void namespacesWithColonsKeepThem() {
        NodeId topic = NodeId.parse("dataset:kafka://127.0.0.1:19092:tributary.ingest.sales.orders")
                .orElseThrow();
        assertThat(topic).isEqualTo(NodeId.dataset("kafka://127.0.0.1:19092", "tributary.ingest.sales.orders"));
        assertThat(topic.toString()).isEqualTo("dataset:kafka://127.0.0.1:19092:tributary.ingest.sales.orders");

        assertThat(NodeId.parse("datasetField:postgres://db:5432:public.orders:id"))
                .contains(NodeId.field("postgres://db:5432", "public.orders", "id"));
        assertThat(NodeId.parse("job:tributary:tributary.ingest/sales.orders"))
                .contains(NodeId.job("tributary", "tributary.ingest/sales.orders"));
        UUID run = UUID.randomUUID();
        assertThat(NodeId.parse("run:" + run)).contains(NodeId.run(run));
        assertThat(NodeId.field("a", "b", "c").dataset()).isEqualTo(NodeId.dataset("a", "b"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "dataset",
                "dataset:",
                "dataset:ns",
                "dataset:ns:",
                "dataset::name",
                "datasetField:ns:name",
                "datasetField:ns:name:",
                "job:name",
                "run:42",
                "run:0191b5a46c2e7d3f8a1b2c3d4e5f6a7b",
                "table:ns:name",
                "DATASET:ns:name"
            })
    void malformedNodeIdsAreRefused(String text) {
        assertThat(NodeId.parse(text)).isEmpty();
    }

    @Test
    void overlongNodeIdsAreRefused() {
        assertThat(NodeId.parse("dataset:ns:" + "x".repeat(NodeId.MAX_LENGTH))).isEmpty();
        assertThat(NodeId.parse(null)).isEmpty();
    }
}
