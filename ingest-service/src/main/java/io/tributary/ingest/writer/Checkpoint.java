package io.tributary.ingest.writer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contracts.iceberg.WriterView;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;

/**
 * What the lake writer stores in the summary of every snapshot it commits: the next Kafka offset of each partition of
 * the table's topic (everything before it is in the table), the commit's own id and the writer instance that made it.
 * The table is the only source of truth for where to resume; Kafka's consumer-group offsets only mirror it.
 *
 * @param snapshotId the snapshot that carries it, or null for "nothing committed yet"
 * @param offsets partition → next offset to read; a partition that is absent starts at the beginning of the log
 */
public record Checkpoint(Long snapshotId, String commitId, String writerId, String topic, Map<Integer, Long> offsets) {

    /** {@code {"<topic>": {"<partition>": <next offset>, …}}} */
    public static final String OFFSETS = WriterView.OFFSETS;

    public static final String COMMIT_ID = "tributary.writer.commit-id";
    public static final String WRITER_ID = "tributary.writer.id";

    private static final ObjectMapper JSON = new ObjectMapper();

    public Checkpoint {
        offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
    }

    /** The state of a table the writer never committed to. */
    public static Checkpoint none(String topic) {
        return new Checkpoint(null, null, null, topic, Map.of());
    }

    public boolean isNone() {
        return commitId == null;
    }

    /** Where to start reading a partition: the stored next offset, or -1 for the beginning of the log. */
    public long startOf(int partition) {
        return offsets.getOrDefault(partition, -1L);
    }

    /**
     * The newest checkpoint of the table: on each branch, the latest one in its history (walking back past snapshots
     * other engines wrote, which have no {@link #OFFSETS}), and of those the one committed last. A branch the writer
     * commits to for auditing holds records main may never get (a snapshot left unpublished), so it counts even
     * after the table stops naming it: those records are in the table and must not be written again.
     */
    public static Checkpoint latest(TableMetadata table, String topic) {
        Snapshot newest = null;
        Checkpoint found = none(topic);
        Set<Long> seen = new HashSet<>();
        for (Snapshot head : branchHeads(table)) {
            for (Snapshot snapshot = head; snapshot != null; snapshot = parent(table, snapshot)) {
                if (!seen.add(snapshot.snapshotId())) {
                    break; // shared history: its checkpoint was already weighed
                }
                Optional<Checkpoint> checkpoint = of(snapshot, topic);
                if (checkpoint.isPresent()) {
                    if (newest == null || newer(snapshot, newest)) {
                        newest = snapshot;
                        found = checkpoint.get();
                    }
                    break;
                }
            }
        }
        return found;
    }

    /** main's head first, then every other branch's; tags are not written to and are skipped. */
    private static List<Snapshot> branchHeads(TableMetadata table) {
        List<Snapshot> heads = new ArrayList<>();
        if (table.currentSnapshot() != null) {
            heads.add(table.currentSnapshot());
        }
        new TreeMap<>(table.refs()).forEach((name, ref) -> {
            Snapshot head =
                    ref.isBranch() && !SnapshotRef.MAIN_BRANCH.equals(name) ? table.snapshot(ref.snapshotId()) : null;
            if (head != null) {
                heads.add(head);
            }
        });
        return heads;
    }

    /** Commit order: sequence numbers grow with every commit to the table (format v2+); v1 has only the clock. */
    private static boolean newer(Snapshot a, Snapshot b) {
        if (a.sequenceNumber() != b.sequenceNumber()) {
            return a.sequenceNumber() > b.sequenceNumber();
        }
        return a.timestampMillis() > b.timestampMillis();
    }

    /**
     * Whether the snapshot carrying {@code commitId} is in the history of {@code branch} (main when it does not
     * exist), searching back to {@code since}.
     */
    public static boolean landed(TableMetadata table, String commitId, Long since, String branch) {
        return find(table, commitId, since, branch) != null;
    }

    /** The snapshot carrying {@code commitId} in {@code branch}'s history back to {@code since}, or null. */
    static Snapshot find(TableMetadata table, String commitId, Long since, String branch) {
        for (Snapshot snapshot = head(table, branch); snapshot != null; snapshot = parent(table, snapshot)) {
            if (since != null && snapshot.snapshotId() == since) {
                return null;
            }
            if (snapshot.summary() != null && commitId.equals(snapshot.summary().get(COMMIT_ID))) {
                return snapshot;
            }
        }
        return null;
    }

    private static Snapshot head(TableMetadata table, String branch) {
        SnapshotRef ref = table.ref(branch);
        return ref == null ? table.currentSnapshot() : table.snapshot(ref.snapshotId());
    }

    private static Snapshot parent(TableMetadata table, Snapshot snapshot) {
        // A parent removed by snapshot expiry ends the walk.
        return snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }

    static Optional<Checkpoint> of(Snapshot snapshot, String topic) {
        Map<String, String> summary = snapshot.summary();
        if (summary == null || !summary.containsKey(OFFSETS)) {
            return Optional.empty();
        }
        return Optional.of(new Checkpoint(
                snapshot.snapshotId(),
                summary.get(COMMIT_ID),
                summary.get(WRITER_ID),
                topic,
                parseOffsets(summary.get(OFFSETS), topic)));
    }

    /** The offsets of one topic from the summary value; the topic may be absent (a table fed by another topic before). */
    static Map<Integer, Long> parseOffsets(String json, String topic) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "Snapshot summary " + OFFSETS + " is not JSON: " + e.getOriginalMessage(), e);
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        JsonNode partitions = root == null ? null : root.get(topic);
        if (partitions == null || !partitions.isObject()) {
            return offsets;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = partitions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().canConvertToLong()) {
                throw new IllegalStateException("Snapshot summary " + OFFSETS
                        + " holds a non-numeric offset for partition " + entry.getKey() + " of " + topic);
            }
            offsets.put(Integer.parseInt(entry.getKey()), entry.getValue().longValue());
        }
        return offsets;
    }

    static String offsetsJson(String topic, Map<Integer, Long> offsets) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode partitions = root.putObject(topic);
        new TreeMap<>(offsets).forEach((partition, next) -> partitions.put(Integer.toString(partition), next));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
