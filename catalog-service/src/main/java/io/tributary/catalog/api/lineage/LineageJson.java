package io.tributary.catalog.api.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.core.lineage.LineageEvent;
import io.tributary.catalog.core.lineage.LineageNodes;
import io.tributary.catalog.core.lineage.LineageService;
import io.tributary.catalog.core.lineage.NodeId;
import java.time.Instant;

/** The {@code data} of each node in a graph answer, in Marquez's field names. */
final class LineageJson {

    private LineageJson() {}

    static JsonNode data(LineageNodes.GraphNode node) {
        Object data = node.data();
        if (data instanceof LineageNodes.Dataset dataset) {
            return dataset(dataset);
        }
        if (data instanceof LineageNodes.Job job) {
            return job(job, node);
        }
        if (data instanceof LineageService.FieldData field) {
            return field(field);
        }
        return NullNode.getInstance();
    }

    private static ObjectNode dataset(LineageNodes.Dataset dataset) {
        ObjectNode data = LineageEndpoints.JSON.createObjectNode();
        data.putObject("id").put("namespace", dataset.namespace()).put("name", dataset.name());
        data.put("namespace", dataset.namespace());
        data.put("name", dataset.name());
        data.put("physicalName", dataset.name());
        time(data, "createdAt", dataset.createdAt());
        time(data, "updatedAt", dataset.updatedAt());
        ArrayNode fields = data.putArray("fields");
        for (LineageEvent.Field field : dataset.fields()) {
            fields.addObject().put("name", field.name()).put("type", field.type());
        }
        return data;
    }

    private static ObjectNode job(LineageNodes.Job job, LineageNodes.GraphNode node) {
        ObjectNode data = LineageEndpoints.JSON.createObjectNode();
        data.putObject("id").put("namespace", job.namespace()).put("name", job.name());
        data.put("namespace", job.namespace());
        data.put("name", job.name());
        data.put("simpleName", job.name());
        time(data, "createdAt", job.createdAt());
        time(data, "updatedAt", job.updatedAt());
        ArrayNode inputs = data.putArray("inputs");
        node.inEdges().forEach(edge -> datasetId(inputs, edge.origin()));
        ArrayNode outputs = data.putArray("outputs");
        node.outEdges().forEach(edge -> datasetId(outputs, edge.destination()));
        LineageNodes.Run run = job.latestRun();
        if (run == null) {
            data.putNull("latestRun");
        } else {
            ObjectNode latest = data.putObject("latestRun");
            latest.put("id", run.id().toString());
            latest.put("state", run.state() == null ? null : run.state().name());
            time(latest, "createdAt", run.createdAt());
            time(latest, "updatedAt", run.updatedAt());
            time(latest, "startedAt", run.startedAt());
            time(latest, "endedAt", run.endedAt());
            latest.set("facets", facets(run.facets()));
        }
        return data;
    }

    private static ObjectNode field(LineageService.FieldData field) {
        NodeId id = field.field().id();
        ObjectNode data = LineageEndpoints.JSON.createObjectNode();
        data.put("namespace", id.namespace());
        data.put("dataset", id.name());
        data.put("field", id.field());
        data.put("fieldType", field.field().type());
        ArrayNode inputs = data.putArray("inputFields");
        for (LineageService.FieldInput input : field.inputs()) {
            ObjectNode item = inputs.addObject();
            item.put("namespace", input.field().namespace());
            item.put("dataset", input.field().name());
            item.put("field", input.field().field());
            LineageNodes.Transformation transformation = input.transformation();
            item.put("transformationType", transformation == null ? null : transformation.type());
            item.put("transformationSubtype", transformation == null ? null : transformation.subtype());
            item.put("transformationDescription", transformation == null ? null : transformation.description());
        }
        return data;
    }

    private static void datasetId(ArrayNode array, NodeId dataset) {
        array.addObject().put("namespace", dataset.namespace()).put("name", dataset.name());
    }

    private static JsonNode facets(String facets) {
        if (facets == null) {
            return LineageEndpoints.JSON.createObjectNode();
        }
        try {
            return LineageEndpoints.JSON.readTree(facets);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored run facets are not JSON", e);
        }
    }

    private static void time(ObjectNode node, String name, Instant at) {
        node.put(name, at == null ? null : at.toString());
    }
}
