package io.tributary.catalog.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GraphIndexTest {

    static NodeId ds(String name) {
        return NodeId.dataset("kafka://host:9092", name);
    }

    static NodeId job(String name) {
        return NodeId.job("kafka://host:9092", name);
    }

    static GraphIndex.Edge edge(NodeId origin, NodeId destination) {
        return new GraphIndex.Edge(origin.toString(), destination.toString());
    }

    @Test
    void cyclesEndTheWalkAndEveryEdgeIsWalkedOnce() {
        GraphIndex index = GraphIndex.of(
                List.of(
                        edge(ds("a"), job("there")),
                        edge(job("there"), ds("b")),
                        edge(ds("b"), job("back")),
                        edge(job("back"), ds("a"))),
                1);

        LineageTraversal.Subgraph walk =
                LineageTraversal.walk(List.of(ds("a")), 100, LineageTraversal.Direction.BOTH, index);

        assertThat(walk.nodes()).containsExactly(ds("a"), job("there"), job("back"), ds("b"));
        assertThat(walk.edges()).hasSize(4);
    }

    @Test
    void theDepthBoundsTheWalkInEdges() {
        List<GraphIndex.Edge> chain = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            chain.add(edge(ds("d" + i), job("j" + i)));
            chain.add(edge(job("j" + i), ds("d" + (i + 1))));
        }
        GraphIndex index = GraphIndex.of(chain, 1);

        assertThat(index.walk(List.of(ds("d10")), 0, LineageTraversal.Direction.UPSTREAM)
                        .nodes())
                .containsExactly(ds("d10"));
        assertThat(index.walk(List.of(ds("d10")), 3, LineageTraversal.Direction.UPSTREAM)
                        .nodes())
                .containsExactly(ds("d10"), job("j9"), ds("d9"), job("j8"));
        assertThat(index.walk(List.of(ds("d10")), 3, LineageTraversal.Direction.DOWNSTREAM)
                        .nodes())
                .containsExactly(ds("d10"));
        assertThat(index.walk(List.of(ds("d0")), 100, LineageTraversal.Direction.DOWNSTREAM)
                        .edges())
                .hasSize(20);
    }

    @Test
    void aNodeWithoutEdgesIsItsOwnAnswer() {
        GraphIndex index = GraphIndex.of(List.of(edge(ds("a"), job("j"))), 1);

        LineageTraversal.Subgraph walk = index.walk(List.of(ds("alone")), 20, LineageTraversal.Direction.BOTH);

        assertThat(walk.nodes()).containsExactly(ds("alone"));
        assertThat(walk.edges()).isEmpty();
    }

    @Test
    void walksAnswerAsTheLevelByLevelWalkDoes() {
        Random random = new Random(42);
        List<GraphIndex.Edge> edges = new ArrayList<>();
        LineageTraversalTest.MemoryGraph graph = new LineageTraversalTest.MemoryGraph();
        for (int i = 0; i < 600; i++) {
            NodeId dataset = ds("d" + random.nextInt(200));
            NodeId job = job("j" + random.nextInt(100));
            boolean input = random.nextBoolean();
            edges.add(input ? edge(dataset, job) : edge(job, dataset));
            if (input) {
                graph.edge(dataset, job);
            } else {
                graph.edge(job, dataset);
            }
        }
        GraphIndex index = GraphIndex.of(edges, 1);

        for (LineageTraversal.Direction direction : LineageTraversal.Direction.values()) {
            for (int depth : new int[] {0, 1, 2, 5, 20}) {
                List<NodeId> start = List.of(ds("d" + depth), job("j" + depth));
                LineageTraversal.Subgraph expected = LineageTraversal.walk(start, depth, direction, graph);
                LineageTraversal.Subgraph actual = index.walk(start, depth, direction);
                assertThat(actual.nodes()).containsExactlyInAnyOrderElementsOf(expected.nodes());
                assertThat(actual.edges()).containsExactlyInAnyOrderElementsOf(expected.edges());
                assertThat(index.edges(Set.copyOf(start), direction))
                        .containsExactlyInAnyOrderElementsOf(graph.edges(Set.copyOf(start), direction));
            }
        }
    }

    @Test
    void catchUpAddsNewEdgesSkipsRepeatsAndMovesThePosition() {
        GraphIndex index = GraphIndex.of(List.of(edge(ds("raw"), job("load"))), 10);

        // A catch-up reads again what a transaction still running last time wrote: repeats change nothing.
        index.add(List.of(edge(ds("raw"), job("load")), edge(job("load"), ds("orders"))), 12);

        assertThat(index.position()).isEqualTo(12);
        assertThat(index.edgeCount()).isEqualTo(2);
        assertThat(index.walk(List.of(ds("orders")), 20, LineageTraversal.Direction.UPSTREAM)
                        .nodes())
                .containsExactly(ds("orders"), job("load"), ds("raw"));
    }

    @Test
    void textsThatAreNoNodeIdAreSkipped() {
        GraphIndex index =
                GraphIndex.of(List.of(new GraphIndex.Edge("nonsense", ds("a").toString()), edge(ds("a"), job("j"))), 1);

        assertThat(index.edgeCount()).isEqualTo(1);
    }

    @Test
    void readersNeverSeeHalfABatch() throws Exception {
        // Each batch extends a chain by 10 edges; a walk from its start sees a whole number of batches.
        GraphIndex index = GraphIndex.of(List.of(), 0);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> {
                    int walks = 0;
                    while (writing.get() || walks == 0) {
                        int edges = index.walk(List.of(ds("n0")), 100_000, LineageTraversal.Direction.DOWNSTREAM)
                                .edges()
                                .size();
                        assertThat(edges % 10).isZero();
                        walks++;
                    }
                    return walks;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                for (int batch = 0; batch < 300; batch++) {
                    List<GraphIndex.Edge> edges = new ArrayList<>();
                    for (int i = batch * 10; i < batch * 10 + 10; i++) {
                        edges.add(edge(ds("n" + i), ds("n" + (i + 1))));
                    }
                    index.add(edges, batch + 1);
                }
                writing.set(false);
            });
            writer.get(30, TimeUnit.SECONDS);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(index.edgeCount()).isEqualTo(3000);
        assertThat(index.position()).isEqualTo(300);
    }
}
