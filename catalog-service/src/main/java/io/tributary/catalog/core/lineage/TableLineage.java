package io.tributary.catalog.core.lineage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The platform's own lineage questions about one table, each walked in one direction only (unlike Marquez's graph,
 * which takes the whole connected part): what the table is made from, what is made from it, and which downstream
 * columns a column feeds (impact analysis). Every node reached carries its distance, so callers can tell direct
 * neighbours from far ones.
 */
public final class TableLineage {

    private final LineageStore store;

    public TableLineage(LineageStore store) {
        this.store = store;
    }

    /** A node and how many edges away from the start it was first reached. */
    public record Reached(NodeId id, int distance) {}

    /** One direction's walk: the datasets and jobs reached (nearest first) and the edges between them. */
    public record Side(List<Reached> datasets, List<Reached> jobs, List<LineageEdge> edges) {}

    /** Upstream and downstream of a table, with the latest run of every job on the way. */
    public record Answer(NodeId dataset, Side upstream, Side downstream, Map<NodeId, LineageNodes.Job> jobs) {}

    /** A downstream column a column feeds, at {@code distance} column edges, and the inputs it is made from there. */
    public record ImpactedColumn(NodeId field, int distance, List<Input> inputs) {}

    /** An input of an impacted column, within the walk, and how it becomes that column. */
    public record Input(NodeId field, LineageNodes.Transformation transformation) {}

    /** Impact analysis of one column. */
    public record Impact(NodeId field, List<ImpactedColumn> columns) {}

    /** Whether the graph has heard of this dataset at all. */
    public boolean known(NodeId dataset) {
        return store.exists(dataset);
    }

    /** What {@code dataset} is made from and what is made from it, at most {@code depth} edges each way. */
    public Answer of(NodeId dataset, int depth) {
        Side upstream = side(dataset, depth, LineageTraversal.Direction.UPSTREAM);
        Side downstream = side(dataset, depth, LineageTraversal.Direction.DOWNSTREAM);
        Set<NodeId> jobIds = new LinkedHashSet<>();
        upstream.jobs().forEach(job -> jobIds.add(job.id()));
        downstream.jobs().forEach(job -> jobIds.add(job.id()));
        return new Answer(dataset, upstream, downstream, jobIds.isEmpty() ? Map.of() : store.jobs(jobIds));
    }

    /**
     * The columns downstream of {@code field}, at most {@code depth} column edges away: everything a change to this
     * column can reach.
     */
    public Impact impact(NodeId field, int depth) {
        Walk walk = walk(List.of(field), depth, LineageTraversal.Direction.DOWNSTREAM, store.columnGraph());
        Map<LineageEdge, LineageNodes.Transformation> transformations =
                walk.edges.isEmpty() ? Map.of() : store.transformations(walk.edges);
        Map<NodeId, List<Input>> inputs = new LinkedHashMap<>();
        for (LineageEdge edge : walk.edges) {
            inputs.computeIfAbsent(edge.destination(), k -> new ArrayList<>())
                    .add(new Input(edge.origin(), transformations.get(edge)));
        }
        List<ImpactedColumn> columns = new ArrayList<>();
        walk.distances.forEach((id, distance) -> {
            if (!id.equals(field)) {
                columns.add(new ImpactedColumn(id, distance, inputs.getOrDefault(id, List.of())));
            }
        });
        return new Impact(field, columns);
    }

    private Side side(NodeId dataset, int depth, LineageTraversal.Direction direction) {
        Walk walk = walk(List.of(dataset), depth, direction, store.jobGraph());
        List<Reached> datasets = new ArrayList<>();
        List<Reached> jobs = new ArrayList<>();
        walk.distances.forEach((id, distance) -> {
            if (!id.equals(dataset)) {
                (id.kind() == NodeId.Kind.JOB ? jobs : datasets).add(new Reached(id, distance));
            }
        });
        return new Side(datasets, jobs, List.copyOf(walk.edges));
    }

    private record Walk(Map<NodeId, Integer> distances, Set<LineageEdge> edges) {}

    /** Breadth-first, one way, one graph question per level; a node is reached once, so cycles end the walk. */
    private static Walk walk(
            Collection<NodeId> start, int depth, LineageTraversal.Direction direction, LineageTraversal.Graph graph) {
        Map<NodeId, Integer> distances = new LinkedHashMap<>();
        start.forEach(id -> distances.put(id, 0));
        Set<LineageEdge> edges = new LinkedHashSet<>();
        Set<NodeId> frontier = new LinkedHashSet<>(start);
        boolean down = direction == LineageTraversal.Direction.DOWNSTREAM;
        for (int level = 1; level <= depth && !frontier.isEmpty(); level++) {
            Set<NodeId> next = new LinkedHashSet<>();
            for (LineageEdge edge : graph.edges(frontier, direction)) {
                NodeId from = down ? edge.origin() : edge.destination();
                if (!frontier.contains(from)) {
                    continue;
                }
                edges.add(edge);
                NodeId to = down ? edge.destination() : edge.origin();
                if (!distances.containsKey(to)) {
                    distances.put(to, level);
                    next.add(to);
                }
            }
            frontier = next;
        }
        return new Walk(distances, edges);
    }
}
