package io.tributary.catalog.api.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.catalog.core.access.CatalogAccess;
import io.tributary.catalog.core.dataset.DatasetIndex;
import io.tributary.catalog.core.dataset.DatasetProperties;
import io.tributary.catalog.core.platform.DatasetService;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * {@code /api/catalog/v1/namespaces/{namespace}/tables/{table}}: one dataset, its metadata, schema history and
 * snapshot history. The contract is at {@code .../contract}.
 */
@Path("/api/catalog/v1/namespaces/{namespace}/tables/{table}")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private static final Set<String> PATCH_FIELDS =
            Set.of("owner", "description", "tags", "column-tags", "audit-branch");
    private static final int DEFAULT_SNAPSHOTS = 100;
    private static final int MAX_SNAPSHOTS = 1000;

    private final DatasetService datasets;
    private final DatasetIndex datasetIndex;

    DatasetResource(DatasetService datasets, DatasetIndex datasetIndex) {
        this.datasets = datasets;
        this.datasetIndex = datasetIndex;
    }

    @GET
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode get(@PathParam("namespace") String namespace, @PathParam("table") String table) {
        TableIdentifier id = PlatformResponses.identifier(namespace, table);
        return PlatformResponses.dataset(id, metadata(datasets.load(id)));
    }

    /**
     * Changes owner, description, tags, column tags or the audit branch. Absent fields stay; {@code null} clears owner,
     * description or audit branch; {@code tags} replaces the table tags; {@code column-tags} replaces the tags of each
     * column it names ({@code null} or {@code []} removes them).
     */
    @PATCH
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public ObjectNode patch(@PathParam("namespace") String namespace, @PathParam("table") String table, String body) {
        TableIdentifier id = PlatformResponses.identifier(namespace, table);
        ObjectNode request = PlatformRequests.object(body);
        PlatformRequests read = new PlatformRequests();
        read.onlyKnownFields(request, PATCH_FIELDS);
        Optional<String> owner = request.has("owner")
                ? Optional.ofNullable(read.string(request, "owner", false, DatasetProperties.MAX_OWNER_LENGTH))
                : null;
        Optional<String> description = request.has("description")
                ? Optional.ofNullable(
                        read.string(request, "description", false, DatasetProperties.MAX_DESCRIPTION_LENGTH))
                : null;
        List<String> tags = null;
        if (request.has("tags")) {
            tags = request.get("tags").isNull() ? List.of() : read.tags(request.get("tags"), "/tags");
        }
        Map<String, List<String>> columnTags = read.columnTags(request.get("column-tags"), "/column-tags");
        Optional<String> auditBranch = request.has("audit-branch") ? read.auditBranch(request, "audit-branch") : null;
        read.throwIfAny("The dataset change is not valid.");
        DatasetService.DatasetPatch change =
                new DatasetService.DatasetPatch(owner, description, tags, columnTags, auditBranch);
        return PlatformResponses.dataset(id, metadata(datasets.update(id, change)));
    }

    /** Drops the table ({@code purge=true} also deletes its files). The ingest topic stays. */
    @DELETE
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response delete(
            @PathParam("namespace") String namespace,
            @PathParam("table") String table,
            @QueryParam("purge") String purge) {
        TableIdentifier id = PlatformResponses.identifier(namespace, table);
        if (purge != null && !purge.equals("true") && !purge.equals("false")) {
            throw ProblemException.badRequest(
                    "Invalid query parameters.", List.of(new Problem.Violation("purge", "must be true or false")));
        }
        boolean dropped = datasets.drop(id, Boolean.parseBoolean(purge));
        if (!dropped) {
            throw ProblemException.notFound("Dataset " + id + " does not exist.");
        }
        return Response.noContent().build();
    }

    /** Every schema the table has had, oldest first, with when it became the current one. */
    @GET
    @Path("schemas")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode schemas(@PathParam("namespace") String namespace, @PathParam("table") String table) {
        TableIdentifier id = PlatformResponses.identifier(namespace, table);
        TableMetadata metadata = metadata(datasets.load(id));
        Map<Integer, List<Instant>> times = datasetIndex.schemaTimes(id);
        ObjectNode body = PlatformRequests.JSON.createObjectNode();
        PlatformResponses.identity(body, id);
        body.put("current-schema-id", metadata.currentSchemaId());
        ArrayNode schemas = body.putArray("schemas");
        metadata.schemas().stream()
                .sorted(Comparator.comparingInt(Schema::schemaId))
                .forEach(schema -> {
                    ObjectNode node = schemas.addObject();
                    node.put("schema-id", schema.schemaId());
                    node.put("current", schema.schemaId() == metadata.currentSchemaId());
                    List<Instant> became = times.getOrDefault(schema.schemaId(), List.of());
                    node.put(
                            "became-current-at",
                            became.isEmpty()
                                    ? null
                                    : became.get(became.size() - 1).toString());
                    node.set(
                            "became-current",
                            PlatformResponses.strings(
                                    became.stream().map(Instant::toString).toList()));
                    node.set(
                            "fields",
                            PlatformResponses.json(SchemaParser.toJson(schema)).get("fields"));
                });
        return body;
    }

    /** Snapshots, newest first, {@code limit} at a time; {@code next-cursor} continues after the last one. */
    @GET
    @Path("snapshots")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode snapshots(
            @PathParam("namespace") String namespace,
            @PathParam("table") String table,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        TableIdentifier id = PlatformResponses.identifier(namespace, table);
        List<Problem.Violation> problems = new ArrayList<>();
        int size = DatasetsResource.intParam("limit", limit, DEFAULT_SNAPSHOTS, 1, MAX_SNAPSHOTS, problems);
        Position after = cursor == null ? null : decodeSnapshotCursor(cursor, problems);

        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters.", problems);
        }
        TableMetadata metadata = metadata(datasets.load(id));
        List<Snapshot> ordered = metadata.snapshots().stream()
                .filter(s -> after == null || Position.of(s).compareTo(after) < 0)
                .sorted(Comparator.comparing(Position::of).reversed())
                .toList();
        List<Snapshot> page = ordered.subList(0, Math.min(size, ordered.size()));
        Snapshot current = metadata.currentSnapshot();
        ObjectNode body = PlatformRequests.JSON.createObjectNode();
        PlatformResponses.identity(body, id);
        body.put("current-snapshot-id", current == null ? null : current.snapshotId());
        ArrayNode snapshots = body.putArray("snapshots");
        for (Snapshot snapshot : page) {
            ObjectNode node = snapshots.addObject();
            node.put("snapshot-id", snapshot.snapshotId());
            node.put("parent-snapshot-id", snapshot.parentId());
            node.put("sequence-number", snapshot.sequenceNumber());
            node.put("timestamp-ms", snapshot.timestampMillis());
            node.put(
                    "timestamp",
                    Instant.ofEpochMilli(snapshot.timestampMillis()).toString());
            node.put("operation", snapshot.operation());
            node.put("schema-id", snapshot.schemaId());
            node.put("current", current != null && current.snapshotId() == snapshot.snapshotId());
            ObjectNode summary = node.putObject("summary");
            if (snapshot.summary() != null) {
                new TreeMap<>(snapshot.summary()).forEach(summary::put);
            }
        }
        if (ordered.size() > page.size()) {
            Snapshot last = page.get(page.size() - 1);
            body.put(
                    "next-cursor",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(
                                    (last.sequenceNumber() + ":" + last.timestampMillis() + ":" + last.snapshotId())
                                            .getBytes(StandardCharsets.UTF_8)));
        } else {
            body.putNull("next-cursor");
        }
        return body;
    }

    private static Position decodeSnapshotCursor(String cursor, List<Problem.Violation> problems) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (parts.length == 3) {
                return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add(new Problem.Violation("cursor", "is not a cursor this API returned"));
        return null;
    }

    /**
     * Where a snapshot sits in the history: by sequence number, then (for format v1, where all are 0) by time, then
     * by id, so the order is total and a cursor is stable.
     */
    private record Position(long sequence, long timestamp, long id) implements Comparable<Position> {

        static Position of(Snapshot snapshot) {
            return new Position(snapshot.sequenceNumber(), snapshot.timestampMillis(), snapshot.snapshotId());
        }

        @Override
        public int compareTo(Position other) {
            return Comparator.comparingLong(Position::sequence)
                    .thenComparingLong(Position::timestamp)
                    .thenComparingLong(Position::id)
                    .compare(this, other);
        }
    }

    static TableMetadata metadata(Table table) {
        return ((HasTableOperations) table).operations().current();
    }
}
