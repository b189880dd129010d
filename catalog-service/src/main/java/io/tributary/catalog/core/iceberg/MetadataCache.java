package io.tributary.catalog.core.iceberg;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;

/**
 * Parsed table metadata by the location of its file. The catalog never rewrites a metadata file, so an entry cannot
 * go stale: the database still decides which location is current, and every replica reads it there first. A hit is
 * served only while its file still has the length it had when cached, so a deleted file fails a load as it would
 * without the cache, and a registered file that someone else rewrote in place is read again. Bounded by the snapshots
 * the entries hold (the bulk of a large table's metadata), least recently used out first.
 *
 * <p>An entry also keeps the metadata's JSON once it has been written or asked for, so that answering a load or a
 * commit of a large table does not serialize its metadata again: with 10,000 snapshots that is 3 MB per answer.
 */
final class MetadataCache {

    private final long maxSnapshots;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long held;

    private static final class Entry {
        final TableMetadata metadata;
        final long weight;
        final long length;
        /** The metadata's JSON and each snapshot's part of it; null until written or asked for. */
        volatile MetadataJson.Written json;

        Entry(TableMetadata metadata, long weight, long length, MetadataJson.Written json) {
            this.metadata = metadata;
            this.weight = weight;
            this.length = length;
            this.json = json;
        }

        MetadataJson.Written json() {
            MetadataJson.Written written = json;
            if (written == null) {
                // Two requests may both write it; both get the same text.
                written = MetadataJson.write(metadata, Map.of());
                json = written;
            }
            return written;
        }
    }

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
            if (now >= 0 && now == hit.length) {
                return hit.metadata;
            }
            remove(location);
        }
        TableMetadata loaded = load.apply(location);
        put(location, loaded, now, null);
        return loaded;
    }

    /**
     * Keeps the metadata a commit just wrote at {@code location} ({@code length} bytes), as reading that file back
     * would give it, so that answering the commit (and the next load) parses nothing; {@code json} is what the file
     * holds, uncompressed.
     */
    void committed(String location, TableMetadata written, long length, MetadataJson.Written json) {
        put(location, asWritten(written, location), length, json);
    }

    /**
     * The JSON of the metadata cached for {@code location}, as {@link TableMetadataParser#toJson(TableMetadata)} gives
     * it, written once per entry (see {@link MetadataJson}); null when the cache holds nothing for the location. The caller has just had that
     * metadata from {@link #get}, which checked the file.
     */
    String json(String location) {
        Entry entry = entry(location);
        return entry == null ? null : entry.json().json();
    }

    /**
     * Each snapshot's JSON, by snapshot id, of the metadata cached for {@code location} if it is a version of the
     * table {@code tableUuid}; empty otherwise. A commit based on that version reuses them.
     */
    Map<Long, String> snapshotJson(String location, String tableUuid) {
        Entry entry = location == null ? null : entry(location);
        if (entry == null || !Objects.equals(entry.metadata.uuid(), tableUuid)) {
            return Map.of();
        }
        MetadataJson.Written written = entry.json;
        return written == null ? Map.of() : written.snapshots();
    }

    private synchronized Entry entry(String location) {
        return entries.get(location);
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
            held -= removed.weight;
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private synchronized void put(String location, TableMetadata metadata, long length, MetadataJson.Written json) {
        long weight = weigh(metadata);
        if (length < 0 || weight > maxSnapshots || entries.containsKey(location)) {
            return;
        }
        entries.put(location, new Entry(metadata, weight, length, json));
        held += weight;
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (held > maxSnapshots && eldest.hasNext()) {
            Entry evicted = eldest.next().getValue();
            eldest.remove();
            held -= evicted.weight;
        }
    }

    private static long weigh(TableMetadata metadata) {
        return 1L + metadata.snapshots().size();
    }
}
