package io.tributary.catalog.core.lineage;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One lineage graph in memory: node ids interned to ints, and each node's outgoing and incoming neighbours as compact
 * int arrays, so a deep walk touches no database and allocates little. Edges are only ever added; whoever feeds it
 * builds a new index when edges were removed. Writers add a whole batch under a write lock, so a walk never sees half
 * of one.
 */
public final class GraphIndex implements LineageTraversal.Walkable {

    private static final int[] NONE = new int[0];

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    // Open addressing over node ids (id + 1; 0 = free): a node costs one int here instead of a boxed map entry.
    private int[] table = new int[2048];
    // Fields of one dataset share its namespace and name: one copy of each string, not one per node.
    private final Map<String, String> strings = new HashMap<>();
    private final LongSet edgeKeys = new LongSet(1024);
    private NodeId[] nodes = new NodeId[1024];
    private int[][] out = new int[1024][];
    private int[] outSize = new int[1024];
    private int[][] in = new int[1024][];
    private int[] inSize = new int[1024];
    private int size;
    private long edgeCount;
    private long position;

    /** An edge as stored: the two node ids as text. */
    public record Edge(String origin, String destination) {}

    /**
     * Adds {@code edges} (repeats and edges with an end that is no node id are skipped) and moves the position the
     * feeder caught up to, all at once for readers.
     */
    public void add(Collection<Edge> edges, long newPosition) {
        lock.writeLock().lock();
        try {
            for (Edge edge : edges) {
                int origin = intern(edge.origin());
                int destination = intern(edge.destination());
                if (origin < 0 || destination < 0) {
                    continue;
                }
                if (edgeKeys.add(key(origin, destination))) {
                    append(true, origin, destination);
                    append(false, destination, origin);
                    edgeCount++;
                }
            }
            position = newPosition;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How far the feeder has caught up, in its own terms (0 when nothing was added). */
    public long position() {
        lock.readLock().lock();
        try {
            return position;
        } finally {
            lock.readLock().unlock();
        }
    }

    public long edgeCount() {
        lock.readLock().lock();
        try {
            return edgeCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Collection<LineageEdge> edges(Set<NodeId> from, LineageTraversal.Direction direction) {
        return walk(from, 1, direction).edges();
    }

    /** The same walk as {@link LineageTraversal#walk}, on ints: one pass per level over the frontier's neighbours. */
    @Override
    public LineageTraversal.Subgraph walk(Collection<NodeId> start, int depth, LineageTraversal.Direction direction) {
        lock.readLock().lock();
        try {
            Set<NodeId> visitedIds = new LinkedHashSet<>(start);
            Set<LineageEdge> walked = new LinkedHashSet<>();
            boolean[] visited = new boolean[size];
            int[] frontier = new int[start.size()];
            int frontierSize = 0;
            for (NodeId node : visitedIds) {
                int id = find(node);
                if (id >= 0 && !visited[id]) {
                    visited[id] = true;
                    frontier[frontierSize++] = id;
                }
            }
            boolean forward = direction != LineageTraversal.Direction.UPSTREAM;
            boolean backward = direction != LineageTraversal.Direction.DOWNSTREAM;
            LongSet walkedKeys = new LongSet(64);
            for (int level = 0; level < depth && frontierSize > 0; level++) {
                int[] next = new int[16];
                int nextSize = 0;
                for (int f = 0; f < frontierSize; f++) {
                    int node = frontier[f];
                    if (forward) {
                        int[] targets = out[node];
                        for (int k = 0; k < outSize[node]; k++) {
                            int target = targets[k];
                            if (walkedKeys.add(key(node, target))) {
                                walked.add(new LineageEdge(nodes[node], nodes[target]));
                            }
                            if (!visited[target]) {
                                visited[target] = true;
                                visitedIds.add(nodes[target]);
                                next = grow(next, nextSize);
                                next[nextSize++] = target;
                            }
                        }
                    }
                    if (backward) {
                        int[] sources = in[node];
                        for (int k = 0; k < inSize[node]; k++) {
                            int source = sources[k];
                            if (walkedKeys.add(key(source, node))) {
                                walked.add(new LineageEdge(nodes[source], nodes[node]));
                            }
                            if (!visited[source]) {
                                visited[source] = true;
                                visitedIds.add(nodes[source]);
                                next = grow(next, nextSize);
                                next[nextSize++] = source;
                            }
                        }
                    }
                }
                frontier = next;
                frontierSize = nextSize;
            }
            return new LineageTraversal.Subgraph(visitedIds, walked);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The index of a new graph, without the edges of an old one: for rebuilding after edges were removed. */
    public static GraphIndex of(List<Edge> edges, long position) {
        GraphIndex index = new GraphIndex();
        index.add(edges, position);
        return index;
    }

    private int intern(String text) {
        Optional<NodeId> parsed = NodeId.parse(text);
        if (parsed.isEmpty()) {
            return -1;
        }
        int known = find(parsed.get());
        if (known >= 0) {
            return known;
        }
        NodeId node = new NodeId(
                parsed.get().kind(),
                shared(parsed.get().namespace()),
                shared(parsed.get().name()),
                parsed.get().field(),
                parsed.get().runId());
        if (size == nodes.length) {
            int capacity = size * 2;
            nodes = Arrays.copyOf(nodes, capacity);
            out = Arrays.copyOf(out, capacity);
            outSize = Arrays.copyOf(outSize, capacity);
            in = Arrays.copyOf(in, capacity);
            inSize = Arrays.copyOf(inSize, capacity);
        }
        int id = size++;
        nodes[id] = node;
        out[id] = NONE;
        in[id] = NONE;
        if (2 * size > table.length) {
            table = new int[table.length * 2];
            for (int kept = 0; kept < size; kept++) {
                table[freeSlot(nodes[kept])] = kept + 1;
            }
        } else {
            table[freeSlot(node)] = id + 1;
        }
        return id;
    }

    /** The id of {@code node}, or -1. */
    private int find(NodeId node) {
        int mask = table.length - 1;
        for (int slot = spread(node.hashCode()) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
            if (nodes[table[slot] - 1].equals(node)) {
                return table[slot] - 1;
            }
        }
        return -1;
    }

    private int freeSlot(NodeId node) {
        int mask = table.length - 1;
        int slot = spread(node.hashCode()) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private String shared(String text) {
        return text == null ? null : strings.computeIfAbsent(text, t -> t);
    }

    private void append(boolean outgoing, int from, int to) {
        int[][] lists = outgoing ? out : in;
        int[] sizes = outgoing ? outSize : inSize;
        lists[from] = grow(lists[from], sizes[from]);
        lists[from][sizes[from]++] = to;
    }

    private static int[] grow(int[] array, int used) {
        return used < array.length ? array : Arrays.copyOf(array, Math.max(2, array.length * 2));
    }

    private static long key(int origin, int destination) {
        return ((long) origin << 32) | (destination & 0xffffffffL);
    }

    /** A set of non-negative longs by open addressing: an edge key costs 8 to 16 bytes instead of a boxed entry. */
    private static final class LongSet {

        private long[] slots;
        private int used;

        LongSet(int capacity) {
            slots = new long[Integer.highestOneBit(Math.max(16, capacity) - 1) << 1];
            Arrays.fill(slots, -1L);
        }

        /** @return true when {@code value} was not in the set */
        boolean add(long value) {
            if (2 * (used + 1) > slots.length) {
                long[] old = slots;
                slots = new long[old.length * 2];
                Arrays.fill(slots, -1L);
                used = 0;
                for (long kept : old) {
                    if (kept >= 0) {
                        add(kept);
                    }
                }
            }
            int mask = slots.length - 1;
            for (int slot = (int) mix(value) & mask; ; slot = (slot + 1) & mask) {
                if (slots[slot] == value) {
                    return false;
                }
                if (slots[slot] < 0) {
                    slots[slot] = value;
                    used++;
                    return true;
                }
            }
        }

        private static long mix(long value) {
            long h = value * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 32);
        }
    }
}
