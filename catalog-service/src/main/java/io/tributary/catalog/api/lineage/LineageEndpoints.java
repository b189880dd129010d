package io.tributary.catalog.api.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.core.lineage.LineageEventTooLargeException;
import io.tributary.catalog.core.lineage.LineageNodes;
import io.tributary.catalog.core.lineage.LineageService;
import io.tributary.catalog.core.lineage.LineageStore;
import io.tributary.catalog.core.lineage.NodeId;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.contracts.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lineage API's HTTP translation, shared by its two homes: Marquez's {@code /api/v1} (where OpenLineage clients
 * and Marquez's UI look) and the catalog's {@code /api/catalog/v1}. Parameters are checked here; the work is
 * {@link LineageService}'s.
 */
@ApplicationScoped
public class LineageEndpoints {

    /** One event per body: text after it is a 400, not something stored alongside. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static final int DEFAULT_EVENTS_LIMIT = 100;
    static final int MAX_EVENTS_LIMIT = 1000;

    private final LineageService lineage;
    private final LineageStore store;
    private final CatalogConfig.Lineage config;

    LineageEndpoints(LineageService lineage, LineageStore store, CatalogConfig config) {
        this.lineage = lineage;
        this.store = store;
        this.config = config.lineage();
    }

    /** 201 when the event is stored now, 200 when it was stored before; either way it is stored exactly once. */
    Response ingest(InputStream body) {
        String json = read(body, config.maxEventBytes());
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProblemException(
                    ProblemType.MALFORMED_JSON.problem("The body is not JSON: " + e.getOriginalMessage()));
        }
        if (event == null || event.isMissingNode()) {
            throw new ProblemException(
                    ProblemType.MALFORMED_JSON.problem("The body is empty; send one OpenLineage event."));
        }
        boolean stored = lineage.ingest(event, json);
        ObjectNode answer = JSON.createObjectNode().put("stored", stored);
        return Response.status(stored ? Response.Status.CREATED : Response.Status.OK)
                .entity(answer)
                .build();
    }

    /** Reads at most {@code limit} bytes: a larger body is refused without holding more of it. */
    private static String read(InputStream body, int limit) {
        if (body == null) {
            return "";
        }
        try (InputStream in = body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new LineageEventTooLargeException(limit);
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    StreamingOutput lineage(String nodeId, String depth) {
        List<Problem.Violation> problems = new ArrayList<>();
        NodeId node = node(nodeId, problems);
        int levels = depth(depth, problems);
        throwIfAny(problems);
        return LineageJson.graph(lineage.lineage(node, levels));
    }

    StreamingOutput columnLineage(String nodeId, String depth, String withDownstream) {
        List<Problem.Violation> problems = new ArrayList<>();
        NodeId node = node(nodeId, problems);
        if (node != null && node.kind() != NodeId.Kind.DATASET && node.kind() != NodeId.Kind.DATASET_FIELD) {
            problems.add(new Problem.Violation(
                    "nodeId",
                    "must name a dataset or a dataset field: dataset:<ns>:<name> or datasetField:<ns>:<name>:<field>"));
        }
        int levels = depth(depth, problems);
        boolean downstream = false;
        if (withDownstream != null) {
            if (withDownstream.equals("true") || withDownstream.equals("false")) {
                downstream = Boolean.parseBoolean(withDownstream);
            } else {
                problems.add(new Problem.Violation("withDownstream", "must be true or false"));
            }
        }
        throwIfAny(problems);
        return LineageJson.graph(lineage.columnLineage(node, levels, downstream));
    }

    ObjectNode events(String before, String after, String limit) {
        List<Problem.Violation> problems = new ArrayList<>();
        Instant to = time("before", before, problems);
        Instant from = time("after", after, problems);
        int size = DEFAULT_EVENTS_LIMIT;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_EVENTS_LIMIT) {
                problems.add(new Problem.Violation("limit", "must be an integer from 1 to " + MAX_EVENTS_LIMIT));
            }
        }
        throwIfAny(problems);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode events = body.putArray("events");
        for (LineageNodes.StoredEvent event : store.events(to, from, size)) {
            try {
                events.add(JSON.readTree(event.json()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A stored lineage event is not JSON", e);
            }
        }
        body.put("totalCount", store.countEvents(to, from));
        return body;
    }

    private static NodeId node(String nodeId, List<Problem.Violation> problems) {
        if (nodeId == null || nodeId.isEmpty()) {
            problems.add(new Problem.Violation("nodeId", "is required"));
            return null;
        }
        Optional<NodeId> node = NodeId.parse(nodeId);
        if (node.isEmpty()) {
            problems.add(new Problem.Violation(
                    "nodeId",
                    "must be dataset:<ns>:<name>, datasetField:<ns>:<name>:<field>, job:<ns>:<name> or run:<uuid>"
                            + " (at most " + NodeId.MAX_LENGTH + " characters)"));
            return null;
        }
        return node.get();
    }

    private int depth(String depth, List<Problem.Violation> problems) {
        if (depth == null) {
            return config.defaultDepth();
        }
        try {
            int value = Integer.parseInt(depth);
            if (value >= 0 && value <= config.maxDepth()) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new Problem.Violation("depth", "must be an integer from 0 to " + config.maxDepth()));
        return 0;
    }

    private static Instant time(String name, String value, List<Problem.Violation> problems) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new Problem.Violation(name, "must be an ISO-8601 date-time with offset"));
            return null;
        }
    }

    private static void throwIfAny(List<Problem.Violation> problems) {
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters.", problems);
        }
    }
}
