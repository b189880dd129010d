package io.tributary.catalog.core.lineage;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What graph answers show of each node (a dataset with its fields, a job with its latest run), kept in memory up to a
 * bound in estimated bytes, least recently read first out. Its keeper evicts a node whenever the node's data changes;
 * a value read from the store before an eviction is not kept, as it may predate the change ({@link #epoch()}).
 */
public final class NodeDataCache {

    private final long maxBytes;
    private final LinkedHashMap<NodeId, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;
    private long epoch;

    private record Entry(Object value, long weight) {}

    /** @param maxBytes the bound; 0 keeps nothing */
    public NodeDataCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Take before reading values from the store and give to {@link #put}: an eviction in between voids the put. */
    public synchronized long epoch() {
        return epoch;
    }

    /** Copies the cached values of {@code ids} of {@code type} into {@code found}; those missing are not added. */
    public synchronized <T> void getAll(Collection<NodeId> ids, Class<T> type, Map<NodeId, T> found) {
        for (NodeId id : ids) {
            Entry entry = entries.get(id);
            if (entry != null && type.isInstance(entry.value())) {
                found.put(id, type.cast(entry.value()));
            }
        }
    }

    /** Keeps {@code values}, each weighing about {@code weigher}'s bytes, unless something was evicted since {@code readAt}. */
    public synchronized <T> void putAll(
            long readAt, Map<NodeId, T> values, java.util.function.ToLongFunction<T> weigher) {
        if (readAt != epoch || maxBytes <= 0) {
            return;
        }
        for (Map.Entry<NodeId, T> value : values.entrySet()) {
            long weight = weigher.applyAsLong(value.getValue());
            if (weight > maxBytes) {
                continue;
            }
            Entry old = entries.put(value.getKey(), new Entry(value.getValue(), weight));
            bytes += weight - (old == null ? 0 : old.weight());
        }
        var oldest = entries.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            bytes -= oldest.next().getValue().weight();
            oldest.remove();
        }
    }

    /** Forgets {@code ids}, whose data changed. */
    public synchronized void evict(Collection<NodeId> ids) {
        epoch++;
        for (NodeId id : ids) {
            Entry old = entries.remove(id);
            if (old != null) {
                bytes -= old.weight();
            }
        }
    }

    /** Forgets everything: the graph changed in ways not told node by node. */
    public synchronized void clear() {
        epoch++;
        entries.clear();
        bytes = 0;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long bytes() {
        return bytes;
    }
}
