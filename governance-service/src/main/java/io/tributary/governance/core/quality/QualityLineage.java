package io.tributary.governance.core.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * A verdict as an OpenLineage COMPLETE RunEvent (spec 2-0-2): job {@code quality.<ns>.<table>} in namespace
 * {@code tributary}, the table as its one input with the standard {@code dataQualityAssertions} facet, and our
 * {@code tributaryQuality} run facet with the snapshot and the failing counts.
 */
public final class QualityLineage {

    public static final String JOB_NAMESPACE = "tributary";
    static final String SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    static final String ASSERTIONS_URL =
            "https://openlineage.io/spec/facets/1-0-2/DataQualityAssertionsDatasetFacet.json"
                    + "#/$defs/DataQualityAssertionsDatasetFacet";
    static final String RUN_FACET_URL =
            "https://github.com/tributary-data/tributary/blob/main/docs/api.md#quality-results";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String producer;
    private final String datasetNamespace;

    /**
     * @param producer         the URI naming this software in the event and its facets
     * @param datasetNamespace the tables' namespace, as the lake writer names them (the warehouse)
     */
    public QualityLineage(String producer, String datasetNamespace) {
        this.producer = producer;
        this.datasetNamespace = datasetNamespace;
    }

    public static String jobName(io.tributary.governance.core.TableRef table) {
        return "quality." + table;
    }

    public QualityResultStore.LineageEvent event(SnapshotVerdict verdict, UUID runId) {
        var snapshot = verdict.snapshot();
        String job = jobName(snapshot.table());
        ObjectNode event = JSON.createObjectNode();
        event.put("eventType", "COMPLETE");
        event.put(
                "eventTime",
                UTC.format(
                        verdict.results().isEmpty()
                                ? java.time.Instant.now()
                                : verdict.results().get(0).evaluatedAt()));
        ObjectNode run = event.putObject("run");
        run.put("runId", runId.toString());
        ObjectNode quality = run.putObject("facets").putObject("tributaryQuality");
        facet(quality, RUN_FACET_URL);
        quality.put("snapshotId", snapshot.snapshotId());
        quality.put("branch", snapshot.branch());
        if (verdict.newRowsAfter() == null) {
            quality.putNull("newRowsAfter");
        } else {
            quality.put("newRowsAfter", verdict.newRowsAfter());
        }
        quality.put("newRowsExact", verdict.newRowsExact());
        quality.put("blocked", verdict.blocked());
        quality.put("rules", verdict.results().size());
        quality.put("failed", verdict.count(QualityResult.Status.FAIL));
        quality.put("errored", verdict.count(QualityResult.Status.ERROR));
        quality.put(
                "failingRows",
                verdict.results().stream()
                        .filter(r -> r.failingRows() != null)
                        .mapToLong(QualityResult::failingRows)
                        .sum());
        ArrayNode results = quality.putArray("results");
        event.putObject("job").put("namespace", JOB_NAMESPACE).put("name", job);
        ObjectNode input = event.putArray("inputs").addObject();
        input.put("namespace", datasetNamespace).put("name", snapshot.table().toString());
        ObjectNode assertions = input.putObject("inputFacets").putObject("dataQualityAssertions");
        facet(assertions, ASSERTIONS_URL);
        ArrayNode list = assertions.putArray("assertions");
        for (QualityResult result : verdict.results()) {
            ObjectNode assertion = list.addObject();
            assertion.put("assertion", result.ruleType().wireName());
            assertion.put("success", result.status() == QualityResult.Status.PASS);
            if (result.columns().size() == 1) {
                assertion.put("column", result.columns().get(0));
            }
            ObjectNode item = results.addObject();
            item.put("ruleId", result.ruleId().toString());
            item.put("ruleVersion", result.ruleVersion());
            item.put("name", result.ruleName());
            item.put("status", result.status().wireName());
            item.put("severity", result.severity().wireName());
            if (result.failingRows() == null) {
                item.putNull("failingRows");
            } else {
                item.put("failingRows", result.failingRows());
            }
        }
        event.putArray("outputs");
        event.put("producer", producer);
        event.put("schemaURL", SCHEMA_URL);
        return new QualityResultStore.LineageEvent(runId, job, event);
    }

    private void facet(ObjectNode facet, String schemaUrl) {
        facet.put("_producer", producer);
        facet.put("_schemaURL", schemaUrl);
    }
}
