package io.tributary.catalog.api.lineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.catalog.core.access.CatalogAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/** Marquez's paths ({@code /api/v1}), where OpenLineage's HTTP transport posts by default and Marquez's UI reads. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class MarquezLineageResource {

    private final LineageEndpoints endpoints;

    MarquezLineageResource(LineageEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** One OpenLineage RunEvent, DatasetEvent or JobEvent (spec 2-0-x). */
    @POST
    @Path("lineage")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.DATA_PRODUCER, Roles.PLATFORM_ADMIN})
    public Response ingest(InputStream body) {
        return endpoints.ingest(body);
    }

    @GET
    @Path("lineage")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode lineage(@QueryParam("nodeId") String nodeId, @QueryParam("depth") String depth) {
        return endpoints.lineage(nodeId, depth);
    }

    @GET
    @Path("column-lineage")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode columnLineage(
            @QueryParam("nodeId") String nodeId,
            @QueryParam("depth") String depth,
            @QueryParam("withDownstream") String withDownstream) {
        return endpoints.columnLineage(nodeId, depth, withDownstream);
    }

    @GET
    @Path("events/lineage")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode events(
            @QueryParam("before") String before, @QueryParam("after") String after, @QueryParam("limit") String limit) {
        return endpoints.events(before, after, limit);
    }
}
