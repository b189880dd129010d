package io.tributary.catalog.core.lineage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * An OpenLineage event (spec 2-0-x) that passed {@link LineageEventValidator}: what the lineage graph takes from it.
 * The event's own JSON is kept beside it, as the client sent it.
 *
 * @param eventType   a RunEvent's {@code eventType}, null when absent and for dataset and job events
 * @param runId       a RunEvent's run, null otherwise
 * @param job         the job of a run or job event, null for a dataset event
 * @param outputs     the outputs; a DatasetEvent's dataset is its only output (there is no job, so no edge)
 * @param runFacets   a RunEvent's {@code run.facets} as JSON, null when absent
 */
public record LineageEvent(
        Kind kind,
        String eventType,
        Instant eventTime,
        String producer,
        String schemaUrl,
        UUID runId,
        Job job,
        List<Dataset> inputs,
        List<Dataset> outputs,
        String runFacets,
        String json) {

    public enum Kind {
        RUN,
        DATASET,
        JOB
    }

    /**
     * @param location the {@code sourceCodeLocation} facet's {@code url}, null when not reported
     * @param facets   the job's facets as JSON, null when absent
     */
    public record Job(String namespace, String name, String location, String facets) {
        public Job(String namespace, String name) {
            this(namespace, name, null, null);
        }

        public NodeId node() {
            return NodeId.job(namespace, name);
        }
    }

    /** A dataset with the fields its {@code schema} facet lists and the column lineage its output facet gives. */
    public record Dataset(String namespace, String name, List<Field> fields, List<ColumnLineage> columnLineage) {
        public NodeId node() {
            return NodeId.dataset(namespace, name);
        }
    }

    public record Field(String name, String type) {}

    /** One {@code columnLineage.fields.<outputField>.inputFields[]} entry (its first transformation, if any). */
    public record ColumnLineage(
            String outputField,
            String inputNamespace,
            String inputName,
            String inputField,
            String transformationType,
            String transformationSubtype,
            String transformationDescription) {}

    /**
     * What makes two deliveries the same event: for a run, its id, time and type; for a dataset or a job event, the
     * dataset or job and the time. A SHA-256, hex.
     */
    public String key() {
        String identity = switch (kind) {
            case RUN -> "run\n" + runId + "\n" + eventTime + "\n" + (eventType == null ? "" : eventType);
            case JOB -> "job\n" + job.namespace() + "\n" + job.name() + "\n" + eventTime;
            case DATASET ->
                "dataset\n" + outputs.get(0).namespace() + "\n" + outputs.get(0).name() + "\n" + eventTime;
        };
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The dataset-to-job and job-to-dataset edges this event states. */
    public List<LineageEdge> edges() {
        if (job == null) {
            return List.of();
        }
        NodeId jobNode = job.node();
        List<LineageEdge> edges = new ArrayList<>();
        inputs.forEach(input -> edges.add(new LineageEdge(input.node(), jobNode)));
        outputs.forEach(output -> edges.add(new LineageEdge(jobNode, output.node())));
        return edges;
    }
}
