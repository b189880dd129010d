package io.tributary.catalog.api.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.core.lineage.LineageEdge;
import io.tributary.catalog.core.lineage.LineageEvent;
import io.tributary.catalog.core.lineage.LineageNodes;
import io.tributary.catalog.core.lineage.LineageService;
import io.tributary.catalog.core.lineage.NodeId;
import io.tributary.catalog.core.lineage.RunState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The graph answer is written byte by byte; it must be exactly what Jackson writes for the same tree. */
class LineageJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Quotes, backslashes, control characters, non-ASCII and a surrogate pair: each escaped as Jackson does. */
    private static final String ODD = "a\"b\\c/\n\t\u0001\u001f\u007fé中😀";

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");

    @Test
    void graphAnswerIsWhatJacksonWritesForTheSameTree() throws Exception {
        NodeId input = NodeId.dataset("kafka://host:9092", "in " + ODD);
        NodeId job = NodeId.job("ns:" + ODD, "job");
        NodeId output = NodeId.dataset("plain", "out");
        LineageEdge read = new LineageEdge(input, job);
        LineageEdge wrote = new LineageEdge(job, output);
        LineageNodes.Dataset inputData = new LineageNodes.Dataset(
                input,
                input.namespace(),
                input.name(),
                List.of(new LineageEvent.Field(ODD, "string"), new LineageEvent.Field("n", null)),
                AT,
                null);
        LineageNodes.Run run = new LineageNodes.Run(
                UUID.fromString("350e09b6-4549-434d-be0a-d500f862ae79"),
                job,
                RunState.COMPLETED,
                AT,
                AT,
                AT,
                AT,
                "{\"x\": [1, \"é\"]}",
                null);
        LineageNodes.Job jobData = new LineageNodes.Job(job, job.namespace(), job.name(), AT, AT, run);
        List<LineageNodes.GraphNode> nodes = List.of(
                new LineageNodes.GraphNode(input, List.of(), List.of(read), inputData),
                new LineageNodes.GraphNode(job, List.of(read), List.of(wrote), jobData),
                new LineageNodes.GraphNode(output, List.of(wrote), List.of(), null));

        ArrayNode graph = JSON.createArrayNode();
        ObjectNode in = node(graph, input, List.of(), List.of(read));
        ObjectNode inData = in.putObject("data");
        datasetId(inData.putObject("id"), input);
        inData.put("namespace", input.namespace()).put("name", input.name()).put("physicalName", input.name());
        inData.put("createdAt", AT.toString()).putNull("updatedAt");
        ArrayNode fields = inData.putArray("fields");
        fields.addObject().put("name", ODD).put("type", "string");
        fields.addObject().put("name", "n").putNull("type");
        ObjectNode jobNode = node(graph, job, List.of(read), List.of(wrote));
        ObjectNode jobJson = jobNode.putObject("data");
        datasetId(jobJson.putObject("id"), job);
        jobJson.put("namespace", job.namespace()).put("name", job.name()).put("simpleName", job.name());
        jobJson.put("createdAt", AT.toString()).put("updatedAt", AT.toString());
        datasetId(jobJson.putArray("inputs").addObject(), input);
        datasetId(jobJson.putArray("outputs").addObject(), output);
        ObjectNode latest = jobJson.putObject("latestRun");
        latest.put("id", run.id().toString()).put("state", "COMPLETED");
        for (String time : List.of("createdAt", "updatedAt", "startedAt", "endedAt")) {
            latest.put(time, AT.toString());
        }
        latest.putRawValue("facets", new com.fasterxml.jackson.databind.util.RawValue(run.facets()));
        node(graph, output, List.of(wrote), List.of()).putNull("data");
        // Field order as in the answer: data before the edges.
        for (var element : graph) {
            ObjectNode object = (ObjectNode) element;
            object.set("inEdges", object.remove("inEdges"));
            object.set("outEdges", object.remove("outEdges"));
        }

        assertThat(written(nodes)).isEqualTo(expected(graph));
    }

    @Test
    void columnAnswerIsWhatJacksonWritesForTheSameTree() throws Exception {
        NodeId origin = NodeId.field("ns " + ODD, "source", "c" + ODD);
        NodeId destination = NodeId.field("ns", "target", "c");
        LineageEdge edge = new LineageEdge(origin, destination);
        List<LineageNodes.GraphNode> nodes = List.of(
                new LineageNodes.GraphNode(
                        origin,
                        List.of(),
                        List.of(edge),
                        new LineageService.FieldData(new LineageNodes.Field(origin, null), new ArrayList<>())),
                new LineageNodes.GraphNode(
                        destination,
                        List.of(edge),
                        List.of(),
                        new LineageService.FieldData(
                                new LineageNodes.Field(destination, "long"),
                                List.of(
                                        new LineageService.FieldInput(
                                                origin, new LineageNodes.Transformation("DIRECT", ODD, null)),
                                        new LineageService.FieldInput(origin, null)))));

        ArrayNode graph = JSON.createArrayNode();
        ObjectNode first = node(graph, origin, List.of(), List.of(edge));
        ObjectNode firstData = first.putObject("data");
        firstData
                .put("namespace", origin.namespace())
                .put("dataset", origin.name())
                .put("field", origin.field());
        firstData.putNull("fieldType");
        firstData.putArray("inputFields");
        ObjectNode second = node(graph, destination, List.of(edge), List.of());
        ObjectNode secondData = second.putObject("data");
        secondData
                .put("namespace", "ns")
                .put("dataset", "target")
                .put("field", "c")
                .put("fieldType", "long");
        ArrayNode inputs = secondData.putArray("inputFields");
        inputs.addObject()
                .put("namespace", origin.namespace())
                .put("dataset", origin.name())
                .put("field", origin.field())
                .put("transformationType", "DIRECT")
                .put("transformationSubtype", ODD)
                .putNull("transformationDescription");
        inputs.addObject()
                .put("namespace", origin.namespace())
                .put("dataset", origin.name())
                .put("field", origin.field())
                .putNull("transformationType")
                .putNull("transformationSubtype")
                .putNull("transformationDescription");
        for (var element : graph) {
            ObjectNode object = (ObjectNode) element;
            object.set("inEdges", object.remove("inEdges"));
            object.set("outEdges", object.remove("outEdges"));
        }

        assertThat(written(nodes)).isEqualTo(expected(graph));
    }

    @Test
    void answersLargerThanTheBufferAreWhole() throws Exception {
        List<LineageNodes.GraphNode> nodes = new ArrayList<>();
        ArrayNode graph = JSON.createArrayNode();
        // Names longer than the write buffer, and enough nodes to fill it many times.
        String longName = "x".repeat(70_000) + ODD;
        for (int i = 0; i < 2_000; i++) {
            NodeId id = NodeId.dataset("ns", (i == 7 ? longName : "d") + i);
            nodes.add(new LineageNodes.GraphNode(id, List.of(), List.of(), null));
            node(graph, id, List.of(), List.of()).putNull("data");
            ObjectNode object = (ObjectNode) graph.get(i);
            object.set("inEdges", object.remove("inEdges"));
            object.set("outEdges", object.remove("outEdges"));
        }

        assertThat(written(nodes)).isEqualTo(expected(graph));
    }

    private static ObjectNode node(ArrayNode graph, NodeId id, List<LineageEdge> in, List<LineageEdge> out) {
        ObjectNode node = graph.addObject();
        node.put("id", id.toString()).put("type", id.kind().type());
        edges(node.putArray("inEdges"), in);
        edges(node.putArray("outEdges"), out);
        return node;
    }

    private static void edges(ArrayNode array, List<LineageEdge> edges) {
        for (LineageEdge edge : edges) {
            array.addObject()
                    .put("origin", edge.origin().toString())
                    .put("destination", edge.destination().toString());
        }
    }

    private static void datasetId(ObjectNode id, NodeId node) {
        id.put("namespace", node.namespace()).put("name", node.name());
    }

    private static String written(List<LineageNodes.GraphNode> nodes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineageJson.graph(nodes).write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String expected(ArrayNode graph) throws Exception {
        ObjectNode answer = JSON.createObjectNode();
        answer.set("graph", graph);
        return new String(JSON.writeValueAsBytes(answer), StandardCharsets.UTF_8);
    }
}
