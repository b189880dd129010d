package io.tributary.catalog.api.lineage;

import static io.tributary.catalog.api.lineage.LineageEndpoints.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.core.lineage.LineageCatalog;
import io.tributary.catalog.core.lineage.LineageNodes;
import io.tributary.catalog.core.lineage.NoSuchLineageNodeException;
import io.tributary.catalog.core.lineage.NodeId;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.contracts.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Marquez's listing endpoints (namespaces, datasets and versions, jobs and runs, search, tags): parameters are checked
 * here, answers are shaped as Marquez's OpenAPI (0.50) shapes them, and the data is {@link LineageCatalog}'s.
 */
@ApplicationScoped
public class LineageListings {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_TAG_LENGTH = 256;

    private final LineageCatalog catalog;

    LineageListings(LineageCatalog catalog) {
        this.catalog = catalog;
    }

    ObjectNode namespaces(String limit, String offset) {
        LineageCatalog.Page page = page(limit, offset);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode namespaces = body.putArray("namespaces");
        catalog.namespaces(page).forEach(namespace -> namespaces.add(namespace(namespace)));
        return body;
    }

    ObjectNode namespace(String name) {
        return namespace(catalog.namespace(name).orElseThrow(() -> noNamespace(name)));
    }

    ObjectNode datasets(String namespace, String limit, String offset) {
        LineageCatalog.Page page = page(limit, offset);
        requireNamespace(namespace);
        LineageCatalog.Listing<LineageCatalog.Dataset> listing = catalog.datasets(namespace, page);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode datasets = body.putArray("datasets");
        listing.items().forEach(dataset -> datasets.add(dataset(dataset)));
        body.put("totalCount", listing.totalCount());
        return body;
    }

    ObjectNode dataset(String namespace, String name) {
        return dataset(findDataset(namespace, name));
    }

    ObjectNode versions(String namespace, String name, String limit, String offset) {
        LineageCatalog.Page page = page(limit, offset);
        LineageCatalog.Listing<LineageCatalog.DatasetVersion> listing = catalog.versions(namespace, name, page)
                .orElseThrow(() -> new NoSuchLineageNodeException(NodeId.dataset(namespace, name)));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode versions = body.putArray("versions");
        listing.items().forEach(version -> versions.add(version(version)));
        body.put("totalCount", listing.totalCount());
        return body;
    }

    ObjectNode version(String namespace, String name, String version) {
        UUID id = uuid("version", version);
        findDataset(namespace, name);
        return version(catalog.version(namespace, name, id)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND.problem(
                        "The dataset " + NodeId.dataset(namespace, name) + " has no version " + id + "."))));
    }

    ObjectNode jobs(String namespace, String limit, String offset) {
        LineageCatalog.Page page = page(limit, offset);
        if (namespace != null) {
            requireNamespace(namespace);
        }
        LineageCatalog.Listing<LineageCatalog.Job> listing = catalog.jobs(namespace, page);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode jobs = body.putArray("jobs");
        listing.items().forEach(job -> jobs.add(job(job)));
        body.put("totalCount", listing.totalCount());
        return body;
    }

    ObjectNode job(String namespace, String name) {
        return job(catalog.job(namespace, name)
                .orElseThrow(() -> new NoSuchLineageNodeException(NodeId.job(namespace, name))));
    }

    ObjectNode runs(String namespace, String job, String limit, String offset) {
        LineageCatalog.Page page = page(limit, offset);
        LineageCatalog.Listing<LineageNodes.Run> listing = catalog.runs(namespace, job, page)
                .orElseThrow(() -> new NoSuchLineageNodeException(NodeId.job(namespace, job)));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode runs = body.putArray("runs");
        listing.items().forEach(run -> runs.add(run(run)));
        body.put("totalCount", listing.totalCount());
        return body;
    }

    ObjectNode jobVersions(String namespace, String job, String limit, String offset) {
        LineageCatalog.Page page = page(limit, offset);
        LineageCatalog.Listing<LineageCatalog.JobVersion> listing = catalog.jobVersions(namespace, job, page)
                .orElseThrow(() -> new NoSuchLineageNodeException(NodeId.job(namespace, job)));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode versions = body.putArray("versions");
        listing.items().forEach(version -> versions.add(jobVersion(version)));
        body.put("totalCount", listing.totalCount());
        return body;
    }

    ObjectNode jobVersion(String namespace, String job, String version) {
        UUID id = uuid("version", version);
        return jobVersion(catalog.jobVersion(namespace, job, id).orElseThrow(() -> {
            if (catalog.job(namespace, job).isEmpty()) {
                return new NoSuchLineageNodeException(NodeId.job(namespace, job));
            }
            return new ProblemException(ProblemType.NOT_FOUND.problem(
                    "The job " + NodeId.job(namespace, job) + " has no version " + id + "."));
        }));
    }

    ObjectNode run(String runId) {
        UUID id = uuid("runId", runId);
        return run(catalog.run(id).orElseThrow(() -> new NoSuchLineageNodeException(NodeId.run(id))));
    }

    ObjectNode search(String q, String filter, String sort, String limit, String namespace) {
        List<Problem.Violation> problems = new ArrayList<>();
        if (q == null || q.isBlank()) {
            problems.add(new Problem.Violation("q", "is required"));
        } else if (q.length() > NodeId.MAX_LENGTH) {
            problems.add(new Problem.Violation("q", "is longer than " + NodeId.MAX_LENGTH + " characters"));
        }
        LineageCatalog.SearchFilter kind = choice("filter", filter, LineageCatalog.SearchFilter.class, null, problems);
        LineageCatalog.SearchSort order =
                choice("sort", sort, LineageCatalog.SearchSort.class, LineageCatalog.SearchSort.UPDATE_AT, problems);
        int size = limit("limit", limit, problems);
        throwIfAny(problems);
        LineageCatalog.Listing<LineageCatalog.SearchHit> hits =
                catalog.search(new LineageCatalog.SearchQuery(q, kind, order, namespace, size));
        ObjectNode body = JSON.createObjectNode();
        body.put("totalCount", hits.totalCount());
        ArrayNode results = body.putArray("results");
        for (LineageCatalog.SearchHit hit : hits.items()) {
            ObjectNode result = results.addObject();
            result.put("type", hit.type());
            result.put("name", hit.name());
            time(result, "updatedAt", hit.updatedAt());
            result.put("namespace", hit.namespace());
            NodeId node = hit.type().equals("JOB")
                    ? NodeId.job(hit.namespace(), hit.name())
                    : NodeId.dataset(hit.namespace(), hit.name());
            result.put("nodeId", node.toString());
        }
        return body;
    }

    ObjectNode tags() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode tags = body.putArray("tags");
        catalog.tags().forEach(tag -> tags.addObject().put("name", tag.name()).put("description", tag.description()));
        return body;
    }

    ObjectNode putTag(String tag, String body) {
        checkTag(tag);
        String description = null;
        if (body != null && !body.isBlank()) {
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new ProblemException(
                        ProblemType.MALFORMED_JSON.problem("The body is not JSON: " + e.getOriginalMessage()));
            }
            JsonNode value = json == null ? null : json.get("description");
            if (json == null || !json.isObject() || (value != null && !value.isNull() && !value.isTextual())) {
                throw ProblemException.badRequest(
                        "Invalid tag.",
                        List.of(new Problem.Violation("/description", "must be a string; the body an object")));
            }
            description = value == null || value.isNull() ? null : value.asText();
        }
        LineageCatalog.Tag stored = catalog.putTag(tag, description);
        return JSON.createObjectNode().put("name", stored.name()).put("description", stored.description());
    }

    ObjectNode tagDataset(String namespace, String name, String tag) {
        checkTag(tag);
        if (!catalog.tagDataset(namespace, name, tag)) {
            throw new NoSuchLineageNodeException(NodeId.dataset(namespace, name));
        }
        return dataset(namespace, name);
    }

    ObjectNode untagDataset(String namespace, String name, String tag) {
        checkTag(tag);
        if (!catalog.untagDataset(namespace, name, tag)) {
            throw new NoSuchLineageNodeException(NodeId.dataset(namespace, name));
        }
        return dataset(namespace, name);
    }

    ObjectNode tagField(String namespace, String name, String field, String tag) {
        checkTag(tag);
        if (!catalog.tagField(namespace, name, field, tag)) {
            findDataset(namespace, name);
            throw new NoSuchLineageNodeException(NodeId.field(namespace, name, field));
        }
        return dataset(namespace, name);
    }

    private LineageCatalog.Dataset findDataset(String namespace, String name) {
        return catalog.dataset(namespace, name)
                .orElseThrow(() -> new NoSuchLineageNodeException(NodeId.dataset(namespace, name)));
    }

    private void requireNamespace(String namespace) {
        if (catalog.namespace(namespace).isEmpty()) {
            throw noNamespace(namespace);
        }
    }

    private static ProblemException noNamespace(String name) {
        return new ProblemException(ProblemType.NOT_FOUND.problem("The lineage graph has no namespace " + name + "."));
    }

    private static void checkTag(String tag) {
        if (tag.isBlank() || tag.length() > MAX_TAG_LENGTH) {
            throw ProblemException.badRequest(
                    "Invalid tag.",
                    List.of(new Problem.Violation("tag", "must be 1 to " + MAX_TAG_LENGTH + " characters, not blank")));
        }
    }

    // Parameters

    static LineageCatalog.Page page(String limit, String offset) {
        List<Problem.Violation> problems = new ArrayList<>();
        int size = limit("limit", limit, problems);
        int skip = 0;
        if (offset != null) {
            try {
                skip = Integer.parseInt(offset);
            } catch (NumberFormatException e) {
                skip = -1;
            }
            if (skip < 0) {
                problems.add(new Problem.Violation("offset", "must be an integer from 0 to " + Integer.MAX_VALUE));
            }
        }
        throwIfAny(problems);
        return new LineageCatalog.Page(size, skip);
    }

    private static int limit(String name, String value, List<Problem.Violation> problems) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        int size;
        try {
            size = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > MAX_LIMIT) {
            problems.add(new Problem.Violation(name, "must be an integer from 1 to " + MAX_LIMIT));
        }
        return size;
    }

    private static <E extends Enum<E>> E choice(
            String name, String value, Class<E> type, E fallback, List<Problem.Violation> problems) {
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name());
            }
            problems.add(new Problem.Violation(name, "must be one of " + String.join(", ", names)));
            return fallback;
        }
    }

    private static UUID uuid(String name, String value) {
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equalsIgnoreCase(value)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ProblemException.badRequest(
                "Invalid path parameters.", List.of(new Problem.Violation(name, "must be a UUID")));
    }

    private static void throwIfAny(List<Problem.Violation> problems) {
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters.", problems);
        }
    }

    // Marquez's shapes

    private static ObjectNode namespace(LineageCatalog.Namespace namespace) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", namespace.name());
        time(node, "createdAt", namespace.createdAt());
        time(node, "updatedAt", namespace.updatedAt());
        node.putNull("ownerName");
        node.putNull("description");
        node.put("isHidden", false);
        return node;
    }

    private static ObjectNode dataset(LineageCatalog.Dataset dataset) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("id").put("namespace", dataset.namespace()).put("name", dataset.name());
        node.put("type", "DB_TABLE");
        node.put("name", dataset.name());
        node.put("physicalName", dataset.name());
        time(node, "createdAt", dataset.createdAt());
        time(node, "updatedAt", dataset.updatedAt());
        node.put("namespace", dataset.namespace());
        node.put("sourceName", dataset.namespace());
        node.set("fields", fields(dataset.fields()));
        node.set("tags", texts(dataset.tags()));
        time(node, "lastModifiedAt", dataset.lastModifiedAt());
        node.putNull("lastLifecycleState");
        node.putNull("description");
        node.put(
                "currentVersion",
                dataset.currentVersion() == null
                        ? null
                        : dataset.currentVersion().toString());
        node.putObject("facets");
        node.put("deleted", dataset.deleted());
        return node;
    }

    private static ObjectNode version(LineageCatalog.DatasetVersion version) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("id")
                .put("namespace", version.namespace())
                .put("name", version.name())
                .put("version", version.version().toString());
        node.put("type", "DB_TABLE");
        node.put("name", version.name());
        node.put("physicalName", version.name());
        time(node, "createdAt", version.createdAt());
        node.put("version", version.version().toString());
        node.put("namespace", version.namespace());
        node.put("sourceName", version.namespace());
        node.set("fields", fields(version.fields()));
        node.set("tags", texts(version.tags()));
        node.putNull("lifecycleState");
        node.putNull("description");
        node.set("createdByRun", run(version.createdByRun()));
        node.set("facets", json(version.facets()));
        return node;
    }

    private static ObjectNode job(LineageCatalog.Job job) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("id").put("namespace", job.namespace()).put("name", job.name());
        node.put("type", "BATCH");
        node.put("name", job.name());
        node.put("simpleName", job.name());
        node.putNull("parentJobName");
        time(node, "createdAt", job.createdAt());
        time(node, "updatedAt", job.updatedAt());
        node.put("namespace", job.namespace());
        node.set("inputs", refs(job.inputs()));
        node.set("outputs", refs(job.outputs()));
        node.putNull("location");
        node.putNull("description");
        if (job.latestRun() == null) {
            node.putNull("latestRun");
        } else {
            node.set("latestRun", run(job.latestRun()));
        }
        node.putObject("facets");
        node.put(
                "currentVersion",
                job.currentVersion() == null ? null : job.currentVersion().toString());
        node.putArray("labels");
        return node;
    }

    private static ObjectNode jobVersion(LineageCatalog.JobVersion version) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("id")
                .put("namespace", version.namespace())
                .put("name", version.name())
                .put("version", version.version().toString());
        node.put("version", version.version().toString());
        node.put("namespace", version.namespace());
        node.put("name", version.name());
        time(node, "createdAt", version.createdAt());
        time(node, "updatedAt", version.updatedAt());
        node.put("location", version.location());
        node.set("inputs", refs(version.inputs()));
        node.set("outputs", refs(version.outputs()));
        if (version.latestRun() == null) {
            node.putNull("latestRun");
        } else {
            node.set("latestRun", run(version.latestRun()));
        }
        node.set("facets", json(version.facets()));
        return node;
    }

    private static ObjectNode run(LineageNodes.Run run) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", run.id().toString());
        time(node, "createdAt", run.createdAt());
        time(node, "updatedAt", run.updatedAt());
        node.putNull("nominalStartTime");
        node.putNull("nominalEndTime");
        node.put("state", run.state() == null ? null : run.state().name());
        time(node, "startedAt", run.startedAt());
        time(node, "endedAt", run.endedAt());
        if (run.startedAt() != null && run.endedAt() != null) {
            node.put(
                    "durationMs",
                    Duration.between(run.startedAt(), run.endedAt()).toMillis());
        } else {
            node.putNull("durationMs");
        }
        node.putObject("args");
        node.putObject("context");
        node.set("facets", json(run.facets()));
        if (run.jobVersion() == null || run.job() == null) {
            node.putNull("jobVersion");
        } else {
            node.putObject("jobVersion")
                    .put("namespace", run.job().namespace())
                    .put("name", run.job().name())
                    .put("version", run.jobVersion().toString());
        }
        node.putArray("inputDatasetVersions");
        node.putArray("outputDatasetVersions");
        return node;
    }

    private static ArrayNode fields(List<LineageCatalog.Field> fields) {
        ArrayNode array = JSON.createArrayNode();
        for (LineageCatalog.Field field : fields) {
            ObjectNode node = array.addObject();
            node.put("name", field.name());
            node.put("type", field.type());
            node.set("tags", texts(field.tags()));
            node.putNull("description");
        }
        return array;
    }

    private static ArrayNode refs(List<LineageCatalog.DatasetRef> refs) {
        ArrayNode array = JSON.createArrayNode();
        refs.forEach(ref -> array.addObject().put("namespace", ref.namespace()).put("name", ref.name()));
        return array;
    }

    private static ArrayNode texts(List<String> texts) {
        ArrayNode array = JSON.createArrayNode();
        texts.forEach(array::add);
        return array;
    }

    private static JsonNode json(String json) {
        if (json == null) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored facets are not JSON", e);
        }
    }

    private static void time(ObjectNode node, String name, Instant at) {
        node.put(name, at == null ? null : at.toString());
    }
}
