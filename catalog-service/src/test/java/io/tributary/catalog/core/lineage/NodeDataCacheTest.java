package io.tributary.catalog.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeDataCacheTest {

    private static final NodeId A = NodeId.dataset("ns", "a");
    private static final NodeId B = NodeId.dataset("ns", "b");
    private static final NodeId C = NodeId.dataset("ns", "c");

    private static Map<NodeId, String> cached(NodeDataCache cache, NodeId... ids) {
        Map<NodeId, String> found = new HashMap<>();
        cache.getAll(List.of(ids), String.class, found);
        return found;
    }

    @Test
    void aValueReadBeforeAnEvictionIsNotKept() {
        NodeDataCache cache = new NodeDataCache(1000);
        long readAt = cache.epoch();
        cache.evict(List.of(A));
        cache.putAll(readAt, Map.of(A, "old a"), v -> 10);
        assertThat(cached(cache, A)).isEmpty();

        cache.putAll(cache.epoch(), Map.of(A, "new a"), v -> 10);
        assertThat(cached(cache, A)).containsEntry(A, "new a");
        cache.evict(List.of(A));
        assertThat(cached(cache, A)).isEmpty();
    }

    @Test
    void theLeastRecentlyReadGoFirstWhenOverTheBound() {
        NodeDataCache cache = new NodeDataCache(25);
        cache.putAll(cache.epoch(), Map.of(A, "a"), v -> 10);
        cache.putAll(cache.epoch(), Map.of(B, "b"), v -> 10);
        cached(cache, A);
        cache.putAll(cache.epoch(), Map.of(C, "c"), v -> 10);
        assertThat(cached(cache, A, B, C)).containsOnlyKeys(A, C);
        assertThat(cache.bytes()).isEqualTo(20);

        cache.clear();
        assertThat(cache.size()).isZero();
        assertThat(new NodeDataCache(0).size()).isZero();
    }

    @Test
    void valuesOfAnotherTypeAreNotAnswered() {
        NodeDataCache cache = new NodeDataCache(1000);
        cache.putAll(cache.epoch(), Map.of(A, 42), v -> 10);
        assertThat(cached(cache, A)).isEmpty();
    }
}
