package io.tributary.catalog.api.lineage;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.catalog.core.lineage.LineageEdge;
import io.tributary.catalog.core.lineage.LineageEvent;
import io.tributary.catalog.core.lineage.LineageNodes;
import io.tributary.catalog.core.lineage.LineageService;
import io.tributary.catalog.core.lineage.NodeId;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Marquez's graph answer, {@code {"graph": [{id, type, data, inEdges, outEdges}]}}, written straight to the response:
 * a deep graph's answer runs to megabytes, and building it as a tree first would double its cost. Stored run facets
 * are already JSON and are copied as they are.
 */
final class LineageJson {

    private LineageJson() {}

    static StreamingOutput graph(List<LineageNodes.GraphNode> nodes) {
        return out -> {
            try (JsonGenerator json = LineageEndpoints.JSON.getFactory().createGenerator(out)) {
                json.writeStartObject();
                json.writeArrayFieldStart("graph");
                for (LineageNodes.GraphNode node : nodes) {
                    json.writeStartObject();
                    json.writeStringField("id", node.id().toString());
                    json.writeStringField("type", node.id().kind().type());
                    json.writeFieldName("data");
                    data(json, node);
                    edges(json, "inEdges", node.inEdges());
                    edges(json, "outEdges", node.outEdges());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        };
    }

    private static void data(JsonGenerator json, LineageNodes.GraphNode node) throws IOException {
        Object data = node.data();
        if (data instanceof LineageNodes.Dataset dataset) {
            dataset(json, dataset);
        } else if (data instanceof LineageNodes.Job job) {
            job(json, job, node);
        } else if (data instanceof LineageService.FieldData field) {
            field(json, field);
        } else {
            json.writeNull();
        }
    }

    private static void dataset(JsonGenerator json, LineageNodes.Dataset dataset) throws IOException {
        json.writeStartObject();
        datasetId(json, "id", dataset.namespace(), dataset.name());
        json.writeStringField("namespace", dataset.namespace());
        json.writeStringField("name", dataset.name());
        json.writeStringField("physicalName", dataset.name());
        time(json, "createdAt", dataset.createdAt());
        time(json, "updatedAt", dataset.updatedAt());
        json.writeArrayFieldStart("fields");
        for (LineageEvent.Field field : dataset.fields()) {
            json.writeStartObject();
            json.writeStringField("name", field.name());
            json.writeStringField("type", field.type());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void job(JsonGenerator json, LineageNodes.Job job, LineageNodes.GraphNode node) throws IOException {
        json.writeStartObject();
        datasetId(json, "id", job.namespace(), job.name());
        json.writeStringField("namespace", job.namespace());
        json.writeStringField("name", job.name());
        json.writeStringField("simpleName", job.name());
        time(json, "createdAt", job.createdAt());
        time(json, "updatedAt", job.updatedAt());
        json.writeArrayFieldStart("inputs");
        for (LineageEdge edge : node.inEdges()) {
            datasetId(json, null, edge.origin().namespace(), edge.origin().name());
        }
        json.writeEndArray();
        json.writeArrayFieldStart("outputs");
        for (LineageEdge edge : node.outEdges()) {
            datasetId(
                    json,
                    null,
                    edge.destination().namespace(),
                    edge.destination().name());
        }
        json.writeEndArray();
        LineageNodes.Run run = job.latestRun();
        if (run == null) {
            json.writeNullField("latestRun");
        } else {
            json.writeObjectFieldStart("latestRun");
            json.writeStringField("id", run.id().toString());
            json.writeStringField(
                    "state", run.state() == null ? null : run.state().name());
            time(json, "createdAt", run.createdAt());
            time(json, "updatedAt", run.updatedAt());
            time(json, "startedAt", run.startedAt());
            time(json, "endedAt", run.endedAt());
            json.writeFieldName("facets");
            if (run.facets() == null) {
                json.writeStartObject();
                json.writeEndObject();
            } else {
                json.writeRawValue(run.facets());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void field(JsonGenerator json, LineageService.FieldData field) throws IOException {
        NodeId id = field.field().id();
        json.writeStartObject();
        json.writeStringField("namespace", id.namespace());
        json.writeStringField("dataset", id.name());
        json.writeStringField("field", id.field());
        json.writeStringField("fieldType", field.field().type());
        json.writeArrayFieldStart("inputFields");
        for (LineageService.FieldInput input : field.inputs()) {
            json.writeStartObject();
            json.writeStringField("namespace", input.field().namespace());
            json.writeStringField("dataset", input.field().name());
            json.writeStringField("field", input.field().field());
            LineageNodes.Transformation transformation = input.transformation();
            json.writeStringField("transformationType", transformation == null ? null : transformation.type());
            json.writeStringField("transformationSubtype", transformation == null ? null : transformation.subtype());
            json.writeStringField(
                    "transformationDescription", transformation == null ? null : transformation.description());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void edges(JsonGenerator json, String name, List<LineageEdge> edges) throws IOException {
        json.writeArrayFieldStart(name);
        for (LineageEdge edge : edges) {
            json.writeStartObject();
            json.writeStringField("origin", edge.origin().toString());
            json.writeStringField("destination", edge.destination().toString());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** {@code {"namespace": ..., "name": ...}}, as a member when {@code field} is named, else as an array element. */
    private static void datasetId(JsonGenerator json, String field, String namespace, String name) throws IOException {
        if (field != null) {
            json.writeFieldName(field);
        }
        json.writeStartObject();
        json.writeStringField("namespace", namespace);
        json.writeStringField("name", name);
        json.writeEndObject();
    }

    private static void time(JsonGenerator json, String name, Instant at) throws IOException {
        json.writeStringField(name, at == null ? null : at.toString());
    }
}
