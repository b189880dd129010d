package io.tributary.catalog.core.iceberg;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.iceberg.TableMetadata;

/**
 * Parsed table metadata by the location of its file. The catalog never rewrites a metadata file, so an entry cannot
 * go stale: the database still decides which location is current, and every replica reads it there first. A hit is
 * served only while its file still has the length it had when cached, so a deleted file fails a load as it would
 * without the cache, and a registered file that someone else rewrote in place is read again. Bounded by the snapshots
 * the entries hold (the bulk of a large table's metadata), least recently used out first.
 */
final class MetadataCache {

    private final long maxSnapshots;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long held;

    private record Entry(TableMetadata metadata, long weight, long length) {}

    /** @param maxSnapshots how many snapshots all entries may hold together; 0 turns the cache off */
    MetadataCache(long maxSnapshots) {
        this.maxSnapshots = maxSnapshots;
    }

    /**
     * The metadata at {@code location}: from the cache while {@code length} (-1: no such file) still gives the file's
     * length when cached, else from {@code load}. Neither check nor load runs under the lock.
     */
    TableMetadata get(String location, ToLongFunction<String> length, Function<String, TableMetadata> load) {
        Entry hit;
        synchronized (this) {
            hit = entries.get(location);
        }
        long now = length.applyAsLong(location);
        if (hit != null) {
            if (now >= 0 && now == hit.length()) {
                return hit.metadata();
            }
            remove(location);
        }
        TableMetadata loaded = load.apply(location);
        put(location, loaded, now);
        return loaded;
    }

    /**
     * Keeps the metadata a commit just wrote at {@code location} ({@code length} bytes), as reading that file back
     * would give it, so that answering the commit (and the next load) parses nothing.
     */
    void committed(String location, TableMetadata written, long length) {
        put(location, asWritten(written, location), length);
    }

    /** {@code written} as read back from its file: the file's location, no pending changes, the same timestamps. */
    static TableMetadata asWritten(TableMetadata written, String location) {
        return TableMetadata.buildFrom(written)
                .discardChanges()
                .withMetadataLocation(location)
                .build();
    }

    private synchronized void remove(String location) {
        Entry removed = entries.remove(location);
        if (removed != null) {
            held -= removed.weight();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private synchronized void put(String location, TableMetadata metadata, long length) {
        long weight = weigh(metadata);
        if (length < 0 || weight > maxSnapshots || entries.containsKey(location)) {
            return;
        }
        entries.put(location, new Entry(metadata, weight, length));
        held += weight;
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (held > maxSnapshots && eldest.hasNext()) {
            Entry evicted = eldest.next().getValue();
            eldest.remove();
            held -= evicted.weight();
        }
    }

    private static long weigh(TableMetadata metadata) {
        return 1L + metadata.snapshots().size();
    }
}
