package io.tributary.catalog.api.lineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.catalog.core.access.CatalogAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;

/**
 * The lineage API in its two homes: Marquez's {@code /api/v1} (where OpenLineage's HTTP transport posts by default and
 * Marquez's UI reads) and the catalog's {@code /api/catalog/v1}. Marquez's search is only at {@code /api/v1/search}:
 * the catalog's own dataset search owns {@code /api/catalog/v1/search}.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class LineageResource {

    /** Both prefixes; the OpenAPI document lists each path once per prefix ({@link LineageOpenApiFilter}). */
    static final String BASE = "{base: v1|catalog/v1}";

    private static final String DATASET = BASE + "/namespaces/{namespace}/datasets/{dataset}";
    private static final String JOB = BASE + "/namespaces/{namespace}/jobs/{job}";

    private final LineageEndpoints endpoints;
    private final LineageListings listings;

    LineageResource(LineageEndpoints endpoints, LineageListings listings) {
        this.endpoints = endpoints;
        this.listings = listings;
    }

    /** One OpenLineage RunEvent, DatasetEvent or JobEvent (spec 2-0-x). */
    @POST
    @Path(BASE + "/lineage")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.DATA_PRODUCER, Roles.PLATFORM_ADMIN})
    public Response ingest(InputStream body) {
        return endpoints.ingest(body);
    }

    @GET
    @Path(BASE + "/lineage")
    @RolesAllowed(CatalogAccess.READER)
    public StreamingOutput lineage(@QueryParam("nodeId") String nodeId, @QueryParam("depth") String depth) {
        return endpoints.lineage(nodeId, depth);
    }

    @GET
    @Path(BASE + "/column-lineage")
    @RolesAllowed(CatalogAccess.READER)
    public StreamingOutput columnLineage(
            @QueryParam("nodeId") String nodeId,
            @QueryParam("depth") String depth,
            @QueryParam("withDownstream") String withDownstream) {
        return endpoints.columnLineage(nodeId, depth, withDownstream);
    }

    @GET
    @Path(BASE + "/events/lineage")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode events(
            @QueryParam("before") String before, @QueryParam("after") String after, @QueryParam("limit") String limit) {
        return endpoints.events(before, after, limit);
    }

    @GET
    @Path(BASE + "/namespaces")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode namespaces(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return listings.namespaces(limit, offset);
    }

    @GET
    @Path(BASE + "/namespaces/{namespace}")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode namespace(@PathParam("namespace") String namespace) {
        return listings.namespace(namespace);
    }

    @GET
    @Path(BASE + "/namespaces/{namespace}/datasets")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode datasets(
            @PathParam("namespace") String namespace,
            @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        return listings.datasets(namespace, limit, offset);
    }

    @GET
    @Path(DATASET)
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode dataset(@PathParam("namespace") String namespace, @PathParam("dataset") String dataset) {
        return listings.dataset(namespace, dataset);
    }

    @GET
    @Path(DATASET + "/versions")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode versions(
            @PathParam("namespace") String namespace,
            @PathParam("dataset") String dataset,
            @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        return listings.versions(namespace, dataset, limit, offset);
    }

    @GET
    @Path(DATASET + "/versions/{version}")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode version(
            @PathParam("namespace") String namespace,
            @PathParam("dataset") String dataset,
            @PathParam("version") String version) {
        return listings.version(namespace, dataset, version);
    }

    @GET
    @Path(BASE + "/namespaces/{namespace}/jobs")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode jobs(
            @PathParam("namespace") String namespace,
            @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        return listings.jobs(namespace, limit, offset);
    }

    @GET
    @Path(BASE + "/jobs")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode allJobs(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return listings.jobs(null, limit, offset);
    }

    @GET
    @Path(JOB)
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode job(@PathParam("namespace") String namespace, @PathParam("job") String job) {
        return listings.job(namespace, job);
    }

    @GET
    @Path(JOB + "/runs")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode runs(
            @PathParam("namespace") String namespace,
            @PathParam("job") String job,
            @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        return listings.runs(namespace, job, limit, offset);
    }

    @GET
    @Path(JOB + "/versions")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode jobVersions(
            @PathParam("namespace") String namespace,
            @PathParam("job") String job,
            @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        return listings.jobVersions(namespace, job, limit, offset);
    }

    @GET
    @Path(JOB + "/versions/{version}")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode jobVersion(
            @PathParam("namespace") String namespace,
            @PathParam("job") String job,
            @PathParam("version") String version) {
        return listings.jobVersion(namespace, job, version);
    }

    @GET
    @Path(BASE + "/jobs/runs/{runId}")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode run(@PathParam("runId") String runId) {
        return listings.run(runId);
    }

    @GET
    @Path("v1/search")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode search(
            @QueryParam("q") String q,
            @QueryParam("filter") String filter,
            @QueryParam("sort") String sort,
            @QueryParam("limit") String limit,
            @QueryParam("namespace") String namespace) {
        return listings.search(q, filter, sort, limit, namespace);
    }

    @GET
    @Path(BASE + "/tags")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode tags() {
        return listings.tags();
    }

    /** Creates a tag or replaces its description; body {@code {"description": "..."}} (optional). */
    @PUT
    @Path(BASE + "/tags/{tag}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public ObjectNode putTag(@PathParam("tag") String tag, String body) {
        return listings.putTag(tag, body);
    }

    @POST
    @Path(DATASET + "/tags/{tag}")
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public ObjectNode tagDataset(
            @PathParam("namespace") String namespace,
            @PathParam("dataset") String dataset,
            @PathParam("tag") String tag) {
        return listings.tagDataset(namespace, dataset, tag);
    }

    @DELETE
    @Path(DATASET + "/tags/{tag}")
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public ObjectNode untagDataset(
            @PathParam("namespace") String namespace,
            @PathParam("dataset") String dataset,
            @PathParam("tag") String tag) {
        return listings.untagDataset(namespace, dataset, tag);
    }

    @POST
    @Path(DATASET + "/fields/{field}/tags/{tag}")
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public ObjectNode tagField(
            @PathParam("namespace") String namespace,
            @PathParam("dataset") String dataset,
            @PathParam("field") String field,
            @PathParam("tag") String tag) {
        return listings.tagField(namespace, dataset, field, tag);
    }
}
