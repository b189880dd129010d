package io.tributary.catalog.api.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.catalog.core.access.CatalogAccess;
import io.tributary.catalog.core.dataset.CompatibilityMode;
import io.tributary.catalog.core.dataset.DatasetIndex;
import io.tributary.catalog.core.dataset.DatasetProperties;
import io.tributary.catalog.core.platform.DatasetService;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/** {@code /api/catalog/v1/datasets}: create a dataset (table + ingest topic), list datasets. */
@Path("/api/catalog/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetsResource {

    private static final Set<String> CREATE_FIELDS = Set.of(
            "namespace",
            "name",
            "schema",
            "columns",
            "partition-spec",
            "owner",
            "description",
            "tags",
            "column-tags",
            "key",
            "compatibility",
            "producers");
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final DatasetService datasets;
    private final DatasetIndex datasetIndex;

    DatasetsResource(DatasetService datasets, DatasetIndex datasetIndex) {
        this.datasets = datasets;
        this.datasetIndex = datasetIndex;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response create(String body) {
        ObjectNode request = PlatformRequests.object(body);
        PlatformRequests read = new PlatformRequests();
        read.onlyKnownFields(request, CREATE_FIELDS);
        String namespace = read.topicName(request, "namespace");
        String name = read.topicName(request, "name");
        Schema schema = read.schema(request, true);
        List<DatasetService.PartitionField> partitions = partitionFields(request, read);
        String owner = read.string(request, "owner", false, DatasetProperties.MAX_OWNER_LENGTH);
        String description = read.string(request, "description", false, DatasetProperties.MAX_DESCRIPTION_LENGTH);
        List<String> tags = read.tags(request.get("tags"), "/tags");
        Map<String, List<String>> columnTags = read.columnTags(request.get("column-tags"), "/column-tags");
        String key = read.string(request, "key", false, 1024);
        CompatibilityMode compatibility = read.compatibility(request, "compatibility");
        List<String> producers = read.producers(request.get("producers"), "/producers");
        read.throwIfAny("The dataset is not valid.");

        Map<String, String> properties = new LinkedHashMap<>();
        putIfPresent(properties, DatasetProperties.OWNER, owner);
        putIfPresent(properties, DatasetProperties.DESCRIPTION, description);
        if (tags != null && !tags.isEmpty()) {
            properties.put(DatasetProperties.TAGS, DatasetProperties.csv(tags));
        }
        putIfPresent(properties, DatasetProperties.KEY, key);
        // Datasets made here default to BACKWARD, Schema Registry's default; tables made elsewhere have NONE.
        properties.put(
                DatasetProperties.COMPATIBILITY,
                (compatibility == null ? CompatibilityMode.BACKWARD : compatibility).name());
        if (producers != null && !producers.isEmpty()) {
            properties.put(DatasetProperties.PRODUCERS, DatasetProperties.csv(producers));
        }
        TableIdentifier id = TableIdentifier.of(Namespace.of(namespace), name);
        DatasetService.NewDataset dataset = new DatasetService.NewDataset(
                id, schema, partitions, properties, columnTags == null ? Map.of() : columnTags);
        Table table = datasets.create(dataset);
        ObjectNode created = PlatformResponses.dataset(
                id, ((HasTableOperations) table).operations().current());
        return Response.created(URI.create("/api/catalog/v1/namespaces/" + namespace + "/tables/" + name))
                .entity(created)
                .build();
    }

    private static void putIfPresent(Map<String, String> properties, String key, String value) {
        if (value != null && !value.isEmpty()) {
            properties.put(key, value);
        }
    }

    private static List<DatasetService.PartitionField> partitionFields(ObjectNode request, PlatformRequests read) {
        var node = request.get("partition-spec");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > 64) {
            read.problem("/partition-spec", "must be an array of at most 64 {\"column\", \"transform\"} objects");
            return List.of();
        }
        List<DatasetService.PartitionField> fields = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            var field = node.get(i);
            if (!field.isObject()
                    || field.get("column") == null
                    || !field.get("column").isTextual()
                    || (field.has("transform") && !field.get("transform").isTextual())) {
                read.problem("/partition-spec/" + i, "must be {\"column\": <name>, \"transform\": <transform>}");
                continue;
            }
            fields.add(new DatasetService.PartitionField(
                    field.get("column").asText(),
                    field.has("transform") ? field.get("transform").asText() : "identity"));
        }
        return fields;
    }

    @GET
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode list(
            @QueryParam("namespace") String namespace,
            @QueryParam("tag") String tag,
            @QueryParam("owner") String owner,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        List<Problem.Violation> problems = new ArrayList<>();
        if (namespace != null) {
            PlatformResponses.checkName("namespace", namespace, problems);
        }
        if (tag != null && (tag.isEmpty() || tag.length() > DatasetProperties.MAX_TAG_LENGTH)) {
            problems.add(new Problem.Violation("tag", "must be 1-" + DatasetProperties.MAX_TAG_LENGTH + " characters"));
        }
        if (owner != null && (owner.isEmpty() || owner.length() > DatasetProperties.MAX_OWNER_LENGTH)) {
            problems.add(
                    new Problem.Violation("owner", "must be 1-" + DatasetProperties.MAX_OWNER_LENGTH + " characters"));
        }
        int size = intParam("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT, problems);
        Optional<TableIdentifier> after = cursor == null ? Optional.empty() : decodeCursor(cursor, problems);
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters.", problems);
        }
        DatasetIndex.Filter filter = new DatasetIndex.Filter(
                Optional.ofNullable(namespace).map(Namespace::of),
                Optional.ofNullable(tag),
                Optional.ofNullable(owner),
                after);
        DatasetIndex.Page page = datasetIndex.list(filter, size);
        ObjectNode body = PlatformRequests.JSON.createObjectNode();
        ArrayNode items = body.putArray("datasets");
        page.datasets().forEach(summary -> items.add(PlatformResponses.summary(summary)));
        if (page.more()) {
            body.put(
                    "next-cursor",
                    encodeCursor(page.datasets().get(page.datasets().size() - 1).identifier()));
        } else {
            body.putNull("next-cursor");
        }
        return body;
    }

    static int intParam(
            String name, String value, int defaultValue, int min, int max, List<Problem.Violation> problems) {
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new Problem.Violation(name, "must be an integer from " + min + " to " + max));
        return defaultValue;
    }

    /** An opaque cursor: the last dataset of the page, as base64url of JSON {@code [levels..., name]}. */
    static String encodeCursor(TableIdentifier last) {
        ArrayNode parts = PlatformRequests.JSON.createArrayNode();
        for (String level : last.namespace().levels()) {
            parts.add(level);
        }
        parts.add(last.name());
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(parts.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<TableIdentifier> decodeCursor(String cursor, List<Problem.Violation> problems) {
        try {
            if (cursor.length() > 4096) {
                throw new IllegalArgumentException("too long");
            }
            var node = PlatformRequests.JSON.readTree(Base64.getUrlDecoder().decode(cursor));
            if (node == null || !node.isArray() || node.size() < 2) {
                throw new IllegalArgumentException("not a cursor");
            }
            List<String> parts = new ArrayList<>();
            node.forEach(part -> parts.add(part.asText()));
            return Optional.of(TableIdentifier.of(
                    Namespace.of(parts.subList(0, parts.size() - 1).toArray(String[]::new)),
                    parts.get(parts.size() - 1)));
        } catch (RuntimeException | java.io.IOException e) {
            problems.add(new Problem.Violation("cursor", "is not a cursor this API returned"));
            return Optional.empty();
        }
    }
}
