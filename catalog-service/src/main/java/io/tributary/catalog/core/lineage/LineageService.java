package io.tributary.catalog.core.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Lineage ingest and the two graph reads, over a {@link LineageStore}. */
public final class LineageService {

    private final LineageStore store;
    private final DatasetNames names;

    public LineageService(LineageStore store) {
        this(store, DatasetNames.none());
    }

    /** @param names how datasets reported under another name (Trino's) become the catalog's nodes */
    public LineageService(LineageStore store, DatasetNames names) {
        this.store = store;
        this.names = names;
    }

    /**
     * Validates and stores one event, its dataset names made canonical first (the stored JSON too, so that the events
     * list and the graph agree); a repeat of a stored event changes nothing.
     *
     * @return true when stored now, false for a repeat
     * @throws InvalidLineageEventException naming every fault; nothing is stored then
     */
    public boolean ingest(JsonNode event, String json) {
        JsonNode canonical = names.normalise(event);
        String text = canonical == event ? json : canonical.toString();
        return store.record(LineageEventValidator.read(canonical, text));
    }

    /**
     * Marquez's lineage graph around {@code node}: datasets and jobs connected to it, at most {@code depth} edges away.
     * A field stands for its dataset and a run for its job.
     */
    public List<LineageNodes.GraphNode> lineage(NodeId node, int depth) {
        NodeId start = switch (node.kind()) {
            case DATASET_FIELD -> node.dataset();
            case RUN -> store.jobOfRun(node.runId()).orElseThrow(() -> new NoSuchLineageNodeException(node));
            default -> node;
        };
        if (!store.exists(start)) {
            throw new NoSuchLineageNodeException(node);
        }
        LineageTraversal.Subgraph graph =
                LineageTraversal.walk(List.of(start), depth, LineageTraversal.Direction.BOTH, store.jobGraph());
        List<NodeId> datasetIds = new ArrayList<>();
        List<NodeId> jobIds = new ArrayList<>();
        graph.nodes().forEach(id -> (id.kind() == NodeId.Kind.JOB ? jobIds : datasetIds).add(id));
        Map<NodeId, LineageNodes.Dataset> datasets = store.datasets(datasetIds);
        Map<NodeId, LineageNodes.Job> jobs = store.jobs(jobIds);
        return nodes(graph, id -> id.kind() == NodeId.Kind.JOB ? jobs.get(id) : datasets.get(id));
    }

    /**
     * The column lineage of a field, or of every field of a dataset: upstream, and downstream too when
     * {@code withDownstream}, at most {@code depth} edges away.
     */
    public List<LineageNodes.GraphNode> columnLineage(NodeId node, int depth, boolean withDownstream) {
        List<NodeId> start = switch (node.kind()) {
            case DATASET_FIELD -> List.of(node);
            case DATASET -> store.fieldsOf(node);
            default ->
                throw new IllegalArgumentException(
                        "nodeId must name a dataset or a dataset field: dataset:<ns>:<name> or datasetField:<ns>:<name>:<field>");
        };
        if (!store.exists(node)) {
            throw new NoSuchLineageNodeException(node);
        }
        LineageTraversal.Subgraph graph = withDownstream
                ? LineageTraversal.upAndDown(start, depth, store.columnGraph())
                : LineageTraversal.walk(start, depth, LineageTraversal.Direction.UPSTREAM, store.columnGraph());
        Map<NodeId, LineageNodes.Field> fields = store.fields(graph.nodes());
        Map<LineageEdge, LineageNodes.Transformation> transformations = store.transformations(graph.edges());
        Map<NodeId, List<FieldInput>> inputs = new HashMap<>();
        for (LineageEdge edge : graph.edges()) {
            inputs.computeIfAbsent(edge.destination(), k -> new ArrayList<>())
                    .add(new FieldInput(edge.origin(), transformations.get(edge)));
        }
        return nodes(graph, id -> {
            LineageNodes.Field field = fields.get(id);
            List<FieldInput> made = inputs.get(id);
            return new FieldData(
                    field == null ? new LineageNodes.Field(id, null) : field, made == null ? new ArrayList<>() : made);
        });
    }

    /** A field node's data: the field and the inputs it is made of. */
    public record FieldData(LineageNodes.Field field, List<FieldInput> inputs) {}

    public record FieldInput(NodeId field, LineageNodes.Transformation transformation) {}

    /** Each node with its edges and data; the walk's edges are a set already, so each is listed once. */
    private static List<LineageNodes.GraphNode> nodes(LineageTraversal.Subgraph graph, Function<NodeId, Object> data) {
        // Sized up front: a deep answer has thousands of nodes, and rehashing them is garbage per read.
        Map<NodeId, List<LineageEdge>> in = new HashMap<>(2 * graph.nodes().size());
        Map<NodeId, List<LineageEdge>> out = new HashMap<>(2 * graph.nodes().size());
        for (LineageEdge edge : graph.edges()) {
            out.computeIfAbsent(edge.origin(), k -> new ArrayList<>(2)).add(edge);
            in.computeIfAbsent(edge.destination(), k -> new ArrayList<>(2)).add(edge);
        }
        List<LineageNodes.GraphNode> nodes = new ArrayList<>(graph.nodes().size());
        for (NodeId id : graph.nodes()) {
            nodes.add(new LineageNodes.GraphNode(
                    id, in.getOrDefault(id, List.of()), out.getOrDefault(id, List.of()), data.apply(id)));
        }
        return nodes;
    }
}
