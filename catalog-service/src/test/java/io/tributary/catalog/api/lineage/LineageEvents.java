package io.tributary.catalog.api.lineage;

import java.util.UUID;

/** OpenLineage events for the tests, in the shapes real producers send. */
final class LineageEvents {

    static final String PRODUCER = "https://github.com/tributary-data/tributary/tree/main/catalog-service/test";
    static final String RUN_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    static final String FACET_SCHEMA = "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json";

    private LineageEvents() {}

    /** A run of job {@code ns:job} reading {@code ns:input} and writing {@code ns:output}, whose order_id is input's id. */
    static String run(String type, UUID runId, String time, String ns, String job, String input, String output) {
        return """
                {"eventType": "%1$s", "eventTime": "%2$s", "producer": "%3$s", "schemaURL": "%4$s",
                 "run": {"runId": "%5$s"},
                 "job": {"namespace": "%6$s", "name": "%7$s"},
                 "inputs": [{"namespace": "%6$s", "name": "%8$s"}],
                 "outputs": [{"namespace": "%6$s", "name": "%9$s", "facets": {
                   "schema": {"_producer": "%3$s", "_schemaURL": "%10$s",
                              "fields": [{"name": "order_id", "type": "long"}]},
                   "columnLineage": {"_producer": "%3$s", "_schemaURL": "%10$s", "fields": {
                     "order_id": {"inputFields": [{"namespace": "%6$s", "name": "%8$s", "field": "id",
                       "transformations": [{"type": "DIRECT", "subtype": "IDENTITY", "description": "copied"}]}]}}}}}]}
                """.formatted(type, time, PRODUCER, RUN_SCHEMA, runId, ns, job, input, output, FACET_SCHEMA);
    }
}
