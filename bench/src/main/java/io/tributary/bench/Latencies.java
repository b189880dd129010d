package io.tributary.bench;

import java.util.concurrent.ConcurrentLinkedQueue;

/** Latencies of one measured operation, and its throughput over the wall-clock time it ran. */
final class Latencies {

    private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
    private long wallNanos;

    void add(long elapsedNanos) {
        nanos.add(elapsedNanos);
    }

    void wall(long elapsedNanos) {
        wallNanos = elapsedNanos;
    }

    int count() {
        return nanos.size();
    }

    double percentileMillis(double p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    double perSecond() {
        return wallNanos == 0 ? Double.NaN : count() / (wallNanos / 1e9);
    }
}
