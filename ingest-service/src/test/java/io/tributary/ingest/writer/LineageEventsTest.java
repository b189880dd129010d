package io.tributary.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.contracts.events.Uuid7;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

class LineageEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableIdentifier TABLE = TableIdentifier.of(Namespace.of("sales"), "orders");

    private final List<String> keys = new ArrayList<>();
    private final List<JsonNode> events = new ArrayList<>();
    private final LineageEvents lineage =
            new LineageEvents("https://example.org/tributary", "tributary", "kafka://127.0.0.1:19092", (key, value) -> {
                keys.add(key);
                try {
                    events.add(JSON.readTree(value));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });

    @Test
    void startAndCompleteDescribeOneRunWithOutputStatistics() {
        UUID runId = Uuid7.next();
        lineage.commitStarted(TABLE, "tributary.ingest.sales.orders", runId, Instant.parse("2026-01-02T03:04:05.678Z"));
        lineage.committed(new CommitReport(
                TABLE,
                "tributary.ingest.sales.orders",
                "audit",
                runId,
                42L,
                runId.toString(),
                1200,
                3,
                65_536,
                0,
                Instant.parse("2026-01-02T03:04:05.678Z"),
                Instant.parse("2026-01-02T03:04:06Z"),
                Duration.ofMillis(322),
                new long[0],
                Map.of(0, 1200L)));

        assertThat(keys).containsExactly("tributary.ingest/sales.orders", "tributary.ingest/sales.orders");
        JsonNode start = events.get(0);
        assertThat(start.get("eventType").asText()).isEqualTo("START");
        assertThat(start.get("eventTime").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(start.at("/run/runId").asText()).isEqualTo(runId.toString());
        assertThat(start.at("/job/namespace").asText()).isEqualTo("tributary");
        assertThat(start.at("/job/name").asText()).isEqualTo("tributary.ingest/sales.orders");
        assertThat(start.at("/inputs/0/name").asText()).isEqualTo("tributary.ingest.sales.orders");
        assertThat(start.at("/outputs/0/namespace").asText()).isEqualTo("tributary");
        assertThat(start.at("/outputs/0/name").asText()).isEqualTo("sales.orders");
        assertThat(start.get("schemaURL").asText())
                .isEqualTo("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
        assertThat(start.get("producer").asText()).isEqualTo("https://example.org/tributary");

        JsonNode complete = events.get(1);
        assertThat(complete.get("eventType").asText()).isEqualTo("COMPLETE");
        assertThat(complete.at("/run/runId").asText()).isEqualTo(runId.toString());
        JsonNode statistics = complete.at("/outputs/0/outputFacets/outputStatistics");
        assertThat(statistics.get("rowCount").asLong()).isEqualTo(1200);
        assertThat(statistics.get("size").asLong()).isEqualTo(65_536);
        assertThat(statistics.get("fileCount").asLong()).isEqualTo(3);
        assertThat(statistics.get("branch").asText()).isEqualTo("audit");
        assertThat(statistics.get("_producer").asText()).isEqualTo("https://example.org/tributary");
        assertThat(statistics.get("_schemaURL").asText()).contains("OutputStatisticsOutputDatasetFacet");
    }

    @Test
    void failCarriesTheErrorMessage() {
        UUID runId = Uuid7.next();
        lineage.commitFailed(
                TABLE,
                "tributary.ingest.sales.orders",
                runId,
                Instant.parse("2026-01-02T03:04:05Z"),
                new FencedException("another writer committed in between"));

        JsonNode fail = events.get(0);
        assertThat(fail.get("eventType").asText()).isEqualTo("FAIL");
        assertThat(fail.get("eventTime").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(fail.at("/run/facets/errorMessage/message").asText())
                .isEqualTo("another writer committed in between");
        assertThat(fail.at("/run/facets/errorMessage/programmingLanguage").asText())
                .isEqualTo("Java");
    }
}
