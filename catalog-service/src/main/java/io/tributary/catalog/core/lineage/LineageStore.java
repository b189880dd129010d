package io.tributary.catalog.core.lineage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Where the lineage graph lives. */
public interface LineageStore {

    /**
     * Stores {@code event} and everything it states in one transaction, unless an event with the same
     * {@link LineageEvent#key()} is stored already.
     *
     * @return true when stored now, false when it was a repeat (nothing changed)
     */
    boolean record(LineageEvent event);

    /** The dataset and job graph: dataset → job for inputs, job → dataset for outputs. */
    LineageTraversal.Graph jobGraph();

    /** The column graph: input field → output field. */
    LineageTraversal.Graph columnGraph();

    /** Whether a dataset, field, job or run of that id is stored. */
    boolean exists(NodeId node);

    Optional<NodeId> jobOfRun(UUID runId);

    /** The fields of a dataset that take part in column lineage or have a known type. */
    List<NodeId> fieldsOf(NodeId dataset);

    Map<NodeId, LineageNodes.Dataset> datasets(Collection<NodeId> ids);

    Map<NodeId, LineageNodes.Job> jobs(Collection<NodeId> ids);

    Map<NodeId, LineageNodes.Field> fields(Collection<NodeId> ids);

    Map<LineageEdge, LineageNodes.Transformation> transformations(Collection<LineageEdge> columnEdges);

    /** Events by event time, newest first, with {@code after < eventTime < before} (each bound optional). */
    List<LineageNodes.StoredEvent> events(Instant before, Instant after, int limit);

    long countEvents(Instant before, Instant after);
}
