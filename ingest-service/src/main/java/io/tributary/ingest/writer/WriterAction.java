package io.tributary.ingest.writer;

import java.util.Map;
import java.util.Set;

/** What the Kafka side must do after the writer handled a step: the writer itself never touches the consumer. */
public sealed interface WriterAction {

    /** Read these partitions from these offsets next (-1: from the beginning of the log). */
    record Seek(String topic, Map<Integer, Long> offsets) implements WriterAction {}

    /** Stop fetching the topic's partitions until {@link Resume}. */
    record Pause(String topic, Set<Integer> partitions) implements WriterAction {}

    record Resume(String topic, Set<Integer> partitions) implements WriterAction {}

    /** A snapshot landed holding everything before these offsets; mirror them as the group's offsets (monitoring). */
    record Committed(String topic, Map<Integer, Long> offsets) implements WriterAction {}
}
