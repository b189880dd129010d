package io.tributary.catalog.api.iceberg;

import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.call;
import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.identifier;
import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.namespace;
import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.noContent;
import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.pageSize;

import io.tributary.catalog.core.access.CatalogAccess;
import io.tributary.catalog.core.iceberg.TributaryCatalog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterViewRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;

/** Views: {@code /iceberg/v1/namespaces/{ns}/views/...}, rename and register. */
@Path("/iceberg/v1")
@Produces(MediaType.APPLICATION_JSON)
public class IcebergViewResource {

    private final TributaryCatalog catalog;

    IcebergViewResource(TributaryCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("namespaces/{namespace}/views")
    @RolesAllowed(CatalogAccess.READER)
    public Response list(
            @PathParam("namespace") @Encoded String namespace,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("pageSize") String pageSize) {
        return call(() -> {
            Namespace ns = namespace(namespace);
            String size = pageSize(pageToken, pageSize);
            return IcebergJson.ok(
                    size == null
                            ? CatalogHandlers.listViews(catalog, ns)
                            : CatalogHandlers.listViews(catalog, ns, pageToken, size));
        });
    }

    @POST
    @Path("namespaces/{namespace}/views")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response create(@PathParam("namespace") @Encoded String namespace, String body) {
        return call(() -> {
            Namespace ns = namespace(namespace);
            CreateViewRequest request = IcebergJson.read(body, CreateViewRequest.class);
            catalog.checkCreate(TableIdentifier.of(ns, request.name()), request.location(), request.properties());
            return IcebergJson.ok(CatalogHandlers.createView(catalog, ns, request));
        });
    }

    @GET
    @Path("namespaces/{namespace}/views/{view}")
    @RolesAllowed(CatalogAccess.READER)
    public Response load(@PathParam("namespace") @Encoded String namespace, @PathParam("view") @Encoded String view) {
        return call(() -> IcebergJson.ok(CatalogHandlers.loadView(catalog, identifier(namespace, view))));
    }

    @HEAD
    @Path("namespaces/{namespace}/views/{view}")
    @RolesAllowed(CatalogAccess.READER)
    public Response exists(@PathParam("namespace") @Encoded String namespace, @PathParam("view") @Encoded String view) {
        return call(() -> {
            CatalogHandlers.viewExists(catalog, identifier(namespace, view));
            return noContent();
        });
    }

    /** Replaces the view's version or properties, under the request's requirements. */
    @POST
    @Path("namespaces/{namespace}/views/{view}")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response commit(
            @PathParam("namespace") @Encoded String namespace, @PathParam("view") @Encoded String view, String body) {
        return call(() -> {
            TableIdentifier identifier = identifier(namespace, view);
            UpdateTableRequest request = IcebergJson.read(body, UpdateTableRequest.class);
            return IcebergJson.ok(catalog.committing(
                    List.of(identifier), () -> CatalogHandlers.updateView(catalog, identifier, request)));
        });
    }

    @DELETE
    @Path("namespaces/{namespace}/views/{view}")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response drop(@PathParam("namespace") @Encoded String namespace, @PathParam("view") @Encoded String view) {
        return call(() -> {
            CatalogHandlers.dropView(catalog, identifier(namespace, view));
            return noContent();
        });
    }

    @POST
    @Path("namespaces/{namespace}/register-view")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response register(@PathParam("namespace") @Encoded String namespace, String body) {
        return call(() -> IcebergJson.ok(CatalogHandlers.registerView(
                catalog, namespace(namespace), IcebergJson.read(body, RegisterViewRequest.class))));
    }

    @POST
    @Path("views/rename")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response rename(String body) {
        return call(() -> {
            CatalogHandlers.renameView(catalog, IcebergJson.read(body, RenameTableRequest.class));
            return noContent();
        });
    }
}
