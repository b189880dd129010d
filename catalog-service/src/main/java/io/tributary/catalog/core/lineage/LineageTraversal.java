package io.tributary.catalog.core.lineage;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Breadth-first walk of the lineage graph from some start nodes, at most {@code depth} edges away. Each level asks the
 * graph once for the edges of the whole frontier, so a walk costs one lookup per level however wide it is. A node is
 * visited once, so cycles end the walk instead of looping it.
 */
public final class LineageTraversal {

    public enum Direction {
        /** Towards the sources: follow edges against their direction. */
        UPSTREAM,
        /** Towards the consumers: follow edges along their direction. */
        DOWNSTREAM,
        /** Both ways: the connected part of the graph, as Marquez's lineage answers it. */
        BOTH
    }

    /** The edges of a graph. */
    @FunctionalInterface
    public interface Graph {
        /**
         * Edges with an end in {@code nodes}: those leaving them for {@link Direction#DOWNSTREAM}, those entering them
         * for {@link Direction#UPSTREAM}, both for {@link Direction#BOTH}.
         */
        Collection<LineageEdge> edges(Set<NodeId> nodes, Direction direction);
    }

    /** A graph that walks itself in one go, faster than one {@link Graph#edges} lookup per level. */
    public interface Walkable extends Graph {
        /** The same answer as {@link LineageTraversal#walk} on its edges. */
        Subgraph walk(Collection<NodeId> start, int depth, Direction direction);
    }

    /** The nodes reached, in the order they were reached (start nodes first), and the edges walked. */
    public record Subgraph(Set<NodeId> nodes, Set<LineageEdge> edges) {}

    private LineageTraversal() {}

    public static Subgraph walk(Collection<NodeId> start, int depth, Direction direction, Graph graph) {
        if (graph instanceof Walkable walkable) {
            return walkable.walk(start, depth, direction);
        }
        Set<NodeId> visited = new LinkedHashSet<>(start);
        Set<LineageEdge> walked = new LinkedHashSet<>();
        Set<NodeId> frontier = new LinkedHashSet<>(start);
        for (int level = 0; level < depth && !frontier.isEmpty(); level++) {
            Set<NodeId> next = new LinkedHashSet<>();
            for (LineageEdge edge : graph.edges(frontier, direction)) {
                boolean forward = frontier.contains(edge.origin()) && direction != Direction.UPSTREAM;
                boolean backward = frontier.contains(edge.destination()) && direction != Direction.DOWNSTREAM;
                if (!forward && !backward) {
                    continue;
                }
                walked.add(edge);
                for (NodeId reached : forward && backward
                        ? List.of(edge.origin(), edge.destination())
                        : List.of(forward ? edge.destination() : edge.origin())) {
                    if (visited.add(reached)) {
                        next.add(reached);
                    }
                }
            }
            frontier = next;
        }
        return new Subgraph(visited, walked);
    }

    /** Both walks from {@code start}, upstream and downstream, each on its own so neither reaches siblings. */
    public static Subgraph upAndDown(Collection<NodeId> start, int depth, Graph graph) {
        Subgraph up = walk(start, depth, Direction.UPSTREAM, graph);
        Subgraph down = walk(start, depth, Direction.DOWNSTREAM, graph);
        Set<NodeId> nodes = new LinkedHashSet<>(up.nodes());
        nodes.addAll(down.nodes());
        Set<LineageEdge> edges = new LinkedHashSet<>(up.edges());
        edges.addAll(down.edges());
        return new Subgraph(nodes, edges);
    }
}
