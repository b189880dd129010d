package io.tributary.ingest.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** An in-memory stand-in for unit tests of the core: keys never expire. */
final class MemoryIdempotencyStore implements IdempotencyStore {

    private record Entry(byte[] fingerprint, Receipt receipt) {}

    private final Map<Key, Entry> entries = new HashMap<>();
    boolean down;

    @Override
    public synchronized Claim claim(Key key, byte[] fingerprint) {
        if (down) {
            throw new StoreUnavailableException("down", null);
        }
        Entry entry = entries.get(key);
        if (entry == null) {
            entries.put(key, new Entry(fingerprint, null));
            return new Claimed();
        }
        if (!Arrays.equals(entry.fingerprint(), fingerprint)) {
            return new Mismatch();
        }
        return entry.receipt() == null ? new InFlight() : new Replay(entry.receipt());
    }

    @Override
    public synchronized void complete(Key key, Receipt receipt) {
        entries.computeIfPresent(key, (k, e) -> new Entry(e.fingerprint(), receipt));
    }

    @Override
    public synchronized void release(Key key) {
        entries.computeIfPresent(key, (k, e) -> e.receipt() == null ? null : e);
    }

    @Override
    public int purgeExpired() {
        return 0;
    }

    synchronized int size() {
        return entries.size();
    }
}
