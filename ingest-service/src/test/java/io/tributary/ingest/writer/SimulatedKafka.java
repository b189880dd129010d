package io.tributary.ingest.writer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for one topic and one consumer of it: an append-only log per partition, read positions, pauses. It
 * carries out the writer's {@link WriterAction}s as the Kafka loop does, and keeps the group offsets the loop would
 * commit, which the writer must never rely on.
 */
final class SimulatedKafka {

    final String topic;
    private final Map<Integer, List<IncomingRecord>> log = new HashMap<>();
    private final Map<Integer, Long> position = new HashMap<>();
    private final Set<Integer> paused = new HashSet<>();
    final Map<Integer, Long> groupOffsets = new HashMap<>();

    SimulatedKafka(String topic, int partitions) {
        this.topic = topic;
        for (int p = 0; p < partitions; p++) {
            log.put(p, new ArrayList<>());
        }
    }

    void append(int partition, String json) {
        append(partition, json, null);
    }

    void append(int partition, String json, Integer contractVersion) {
        append(partition, json, contractVersion, null, null);
    }

    /** A record with the headers ingest sets: contract version, producer and trace context. */
    void append(int partition, String json, Integer contractVersion, String producer, String traceparent) {
        List<IncomingRecord> records = log.get(partition);
        records.add(new IncomingRecord(
                topic,
                partition,
                records.size(),
                System.currentTimeMillis(),
                contractVersion,
                producer,
                traceparent,
                json.getBytes(StandardCharsets.UTF_8)));
    }

    Set<Integer> partitions() {
        return log.keySet();
    }

    /** A new consumer session: nothing read, nothing paused (the group offsets stay, as they do in Kafka). */
    void reconnect() {
        position.clear();
        paused.clear();
    }

    /** Up to {@code max} records from unpaused partitions, in partition order. */
    List<IncomingRecord> poll(int max) {
        List<IncomingRecord> out = new ArrayList<>();
        for (Map.Entry<Integer, List<IncomingRecord>> entry : log.entrySet()) {
            int partition = entry.getKey();
            if (paused.contains(partition) || !position.containsKey(partition)) {
                continue;
            }
            long at = position.get(partition);
            while (at < entry.getValue().size() && out.size() < max) {
                out.add(entry.getValue().get((int) at++));
            }
            position.put(partition, at);
        }
        return out;
    }

    void apply(List<WriterAction> actions) {
        for (WriterAction action : actions) {
            if (action instanceof WriterAction.Seek seek) {
                seek.offsets().forEach((p, offset) -> position.put(p, offset < 0 ? 0 : offset));
            } else if (action instanceof WriterAction.Pause pause) {
                paused.addAll(pause.partitions());
            } else if (action instanceof WriterAction.Resume resume) {
                paused.removeAll(resume.partitions());
            } else if (action instanceof WriterAction.Committed committed) {
                groupOffsets.putAll(committed.offsets());
            }
        }
    }

    /** A partition taken away by a rebalance: no longer read. */
    void unassign(int partition) {
        position.remove(partition);
        paused.remove(partition);
    }

    boolean isPaused(int partition) {
        return paused.contains(partition);
    }
}
