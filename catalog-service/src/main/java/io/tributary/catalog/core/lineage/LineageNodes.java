package io.tributary.catalog.core.lineage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the graph answers tell about each kind of node. */
public final class LineageNodes {

    private LineageNodes() {}

    public record Dataset(
            NodeId id,
            String namespace,
            String name,
            List<LineageEvent.Field> fields,
            Instant createdAt,
            Instant updatedAt) {}

    public record Job(NodeId id, String namespace, String name, Instant createdAt, Instant updatedAt, Run latestRun) {}

    /**
     * A run; {@code state} is null while no event has reported one, {@code jobVersion} while no event has stated the
     * datasets it read and wrote ({@link JobVersions}).
     */
    public record Run(
            UUID id,
            NodeId job,
            RunState state,
            Instant startedAt,
            Instant endedAt,
            Instant createdAt,
            Instant updatedAt,
            String facets,
            UUID jobVersion) {}

    /** A dataset field; {@code type} is null when no schema facet named it. */
    public record Field(NodeId id, String type) {}

    /** How an input field becomes an output field, from the first transformation the event gave (each may be null). */
    public record Transformation(String type, String subtype, String description) {}

    /** A node of a graph answer with the edges that touch it. */
    public record GraphNode(NodeId id, List<LineageEdge> inEdges, List<LineageEdge> outEdges, Object data) {}

    /** A stored event: its JSON as received, when it happened and when it was stored. */
    public record StoredEvent(String json, Instant eventTime, Instant receivedAt) {}
}
