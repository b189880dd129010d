package io.tributary.catalog.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LineageTraversalTest {

    /** An in-memory graph that counts how often it is asked. */
    static final class MemoryGraph implements LineageTraversal.Graph {
        final List<LineageEdge> edges = new ArrayList<>();
        final AtomicInteger lookups = new AtomicInteger();

        MemoryGraph edge(NodeId origin, NodeId destination) {
            edges.add(new LineageEdge(origin, destination));
            return this;
        }

        @Override
        public Collection<LineageEdge> edges(Set<NodeId> nodes, LineageTraversal.Direction direction) {
            lookups.incrementAndGet();
            return edges.stream()
                    .filter(e -> (direction != LineageTraversal.Direction.UPSTREAM && nodes.contains(e.origin()))
                            || (direction != LineageTraversal.Direction.DOWNSTREAM && nodes.contains(e.destination())))
                    .toList();
        }
    }

    static NodeId ds(String name) {
        return NodeId.dataset("ns", name);
    }

    static NodeId job(String name) {
        return NodeId.job("ns", name);
    }

    @Test
    void bothWaysReachTheConnectedGraphWithinTheDepth() {
        // raw -> ingest -> orders -> report -> summary; other -> report
        MemoryGraph graph = new MemoryGraph()
                .edge(ds("raw"), job("ingest"))
                .edge(job("ingest"), ds("orders"))
                .edge(ds("orders"), job("report"))
                .edge(ds("other"), job("report"))
                .edge(job("report"), ds("summary"));

        LineageTraversal.Subgraph all =
                LineageTraversal.walk(List.of(ds("orders")), 20, LineageTraversal.Direction.BOTH, graph);
        assertThat(all.nodes())
                .containsExactlyInAnyOrder(
                        ds("raw"), job("ingest"), ds("orders"), job("report"), ds("other"), ds("summary"));
        assertThat(all.nodes().iterator().next()).isEqualTo(ds("orders"));
        assertThat(all.edges()).hasSize(5);

        LineageTraversal.Subgraph near =
                LineageTraversal.walk(List.of(ds("orders")), 1, LineageTraversal.Direction.BOTH, graph);
        assertThat(near.nodes()).containsExactlyInAnyOrder(ds("orders"), job("ingest"), job("report"));

        assertThat(LineageTraversal.walk(List.of(ds("orders")), 0, LineageTraversal.Direction.BOTH, graph)
                        .nodes())
                .containsExactly(ds("orders"));
    }

    @Test
    void upstreamAndDownstreamDoNotReachSiblings() {
        MemoryGraph graph = new MemoryGraph()
                .edge(ds("a"), job("j"))
                .edge(ds("b"), job("j"))
                .edge(job("j"), ds("c"));
        assertThat(LineageTraversal.walk(List.of(ds("a")), 10, LineageTraversal.Direction.DOWNSTREAM, graph)
                        .nodes())
                .containsExactly(ds("a"), job("j"), ds("c"));
        assertThat(LineageTraversal.walk(List.of(ds("c")), 10, LineageTraversal.Direction.UPSTREAM, graph)
                        .nodes())
                .containsExactlyInAnyOrder(ds("c"), job("j"), ds("a"), ds("b"));
        assertThat(LineageTraversal.upAndDown(List.of(ds("a")), 10, graph).nodes())
                .doesNotContain(ds("b"));
    }

    @Test
    void cyclesEndTheWalk() {
        MemoryGraph graph = new MemoryGraph()
                .edge(ds("a"), job("j"))
                .edge(job("j"), ds("b"))
                .edge(ds("b"), job("k"))
                .edge(job("k"), ds("a"));
        LineageTraversal.Subgraph walk =
                LineageTraversal.walk(List.of(ds("a")), 100, LineageTraversal.Direction.BOTH, graph);
        assertThat(walk.nodes()).hasSize(4);
        assertThat(walk.edges()).hasSize(4);
        assertThat(graph.lookups.get()).isLessThanOrEqualTo(4);
    }

    @Test
    void eachLevelIsOneLookupHoweverWide() {
        MemoryGraph graph = new MemoryGraph();
        // A chain 30 levels deep, each level 50 datasets wide feeding the next level's job.
        for (int level = 0; level < 30; level++) {
            for (int i = 0; i < 50; i++) {
                graph.edge(ds(level + "-" + i), job("j" + level));
            }
            graph.edge(job("j" + level), ds((level + 1) + "-0"));
        }
        LineageTraversal.Subgraph walk =
                LineageTraversal.walk(List.of(ds("30-0")), 20, LineageTraversal.Direction.UPSTREAM, graph);
        assertThat(graph.lookups.get()).isEqualTo(20);
        // 20 edges up: 10 jobs and the datasets of 10 levels.
        assertThat(walk.nodes().stream().filter(n -> n.kind() == NodeId.Kind.JOB))
                .hasSize(10);
        assertThat(walk.nodes()).hasSize(1 + 10 + 10 * 50 - 0);
    }
}
