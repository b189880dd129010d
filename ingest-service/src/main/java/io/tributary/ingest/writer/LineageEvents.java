package io.tributary.ingest.writer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * OpenLineage RunEvents (spec 2-0-2) for the writer's commits: START when a commit begins, COMPLETE with the output
 * statistics when its snapshot landed, FAIL when it did not. Job {@code tributary.ingest/<ns>.<table>} in namespace
 * {@code tributary}; input the Kafka topic, output the table, named in the catalog's namespace.
 */
public final class LineageEvents implements WriterEvents {

    public static final String JOB_NAMESPACE = "tributary";
    static final String SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    static final String OUTPUT_STATISTICS_URL =
            "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet";
    static final String ERROR_MESSAGE_URL =
            "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String producer;
    private final String datasetNamespace;
    private final String inputNamespace;
    private final BiConsumer<String, byte[]> sink;

    /**
     * @param producer the URI naming this software in every event
     * @param datasetNamespace the tables' namespace: the catalog (warehouse) they live in
     * @param inputNamespace the Kafka cluster, {@code kafka://host:port}
     * @param sink receives (job name as key, event JSON)
     */
    public LineageEvents(
            String producer, String datasetNamespace, String inputNamespace, BiConsumer<String, byte[]> sink) {
        this.producer = producer;
        this.datasetNamespace = datasetNamespace;
        this.inputNamespace = inputNamespace;
        this.sink = sink;
    }

    public static String jobName(TableIdentifier table) {
        return "tributary.ingest/" + table;
    }

    @Override
    public void commitStarted(TableIdentifier table, String topic, UUID runId, Instant at) {
        send(table, event("START", table, topic, runId, at));
    }

    @Override
    public void committed(CommitReport report) {
        ObjectNode event = event("COMPLETE", report.table(), report.topic(), report.runId(), report.committedAt());
        ObjectNode statistics = ((ObjectNode) event.withArray("outputs").get(0))
                .putObject("outputFacets")
                .putObject("outputStatistics");
        facet(statistics, OUTPUT_STATISTICS_URL);
        statistics.put("rowCount", report.records());
        statistics.put("size", report.bytes());
        statistics.put("fileCount", report.files());
        // Not part of the facet's schema (which allows more): on an audit branch, readers of main do not see it yet.
        statistics.put("branch", report.branch());
        send(report.table(), event);
    }

    @Override
    public void commitFailed(TableIdentifier table, String topic, UUID runId, Instant at, Throwable error) {
        ObjectNode event = event("FAIL", table, topic, runId, at);
        ObjectNode message = ((ObjectNode) event.get("run")).putObject("facets").putObject("errorMessage");
        facet(message, ERROR_MESSAGE_URL);
        message.put("message", String.valueOf(error.getMessage() == null ? error.toString() : error.getMessage()));
        message.put("programmingLanguage", "Java");
        send(table, event);
    }

    ObjectNode event(String type, TableIdentifier table, String topic, UUID runId, Instant at) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventType", type);
        event.put("eventTime", UTC.format(at));
        event.putObject("run").put("runId", runId.toString());
        event.putObject("job").put("namespace", JOB_NAMESPACE).put("name", jobName(table));
        event.putArray("inputs").addObject().put("namespace", inputNamespace).put("name", topic);
        event.putArray("outputs").addObject().put("namespace", datasetNamespace).put("name", table.toString());
        event.put("producer", producer);
        event.put("schemaURL", SCHEMA_URL);
        return event;
    }

    private void facet(ObjectNode facet, String schemaUrl) {
        facet.put("_producer", producer);
        facet.put("_schemaURL", schemaUrl);
    }

    private void send(TableIdentifier table, ObjectNode event) {
        try {
            sink.accept(jobName(table), JSON.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
