package io.tributary.catalog.api.iceberg;

import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.call;
import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.namespace;
import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.noContent;
import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.pageSize;

import io.tributary.catalog.core.access.CatalogAccess;
import io.tributary.catalog.core.iceberg.CatalogStore.PropertyChanges;
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
import java.util.Set;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.responses.UpdateNamespacePropertiesResponse;

/** {@code /iceberg/v1/namespaces}: list, create, load, exists, drop, and update properties. */
@Path("/iceberg/v1")
@Produces(MediaType.APPLICATION_JSON)
public class IcebergNamespaceResource {

    private final TributaryCatalog catalog;

    IcebergNamespaceResource(TributaryCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("namespaces")
    @RolesAllowed(CatalogAccess.READER)
    public Response list(
            @QueryParam("parent") String parent,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("pageSize") String pageSize) {
        return call(() -> {
            Namespace parentNamespace =
                    parent == null || parent.isEmpty() ? Namespace.empty() : RESTUtil.namespaceFromQueryParam(parent);
            String size = pageSize(pageToken, pageSize);
            return IcebergJson.ok(
                    size == null
                            ? CatalogHandlers.listNamespaces(catalog, parentNamespace)
                            : CatalogHandlers.listNamespaces(catalog, parentNamespace, pageToken, size));
        });
    }

    @POST
    @Path("namespaces")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response create(String body) {
        return call(() -> IcebergJson.ok(
                CatalogHandlers.createNamespace(catalog, IcebergJson.read(body, CreateNamespaceRequest.class))));
    }

    @GET
    @Path("namespaces/{namespace}")
    @RolesAllowed(CatalogAccess.READER)
    public Response load(@PathParam("namespace") @Encoded String namespace) {
        return call(() -> IcebergJson.ok(CatalogHandlers.loadNamespace(catalog, namespace(namespace))));
    }

    @HEAD
    @Path("namespaces/{namespace}")
    @RolesAllowed(CatalogAccess.READER)
    public Response exists(@PathParam("namespace") @Encoded String namespace) {
        return call(() -> {
            CatalogHandlers.namespaceExists(catalog, namespace(namespace));
            return noContent();
        });
    }

    @DELETE
    @Path("namespaces/{namespace}")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response drop(@PathParam("namespace") @Encoded String namespace) {
        return call(() -> {
            CatalogHandlers.dropNamespace(catalog, namespace(namespace));
            return noContent();
        });
    }

    @POST
    @Path("namespaces/{namespace}/properties")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response updateProperties(@PathParam("namespace") @Encoded String namespace, String body) {
        return call(() -> {
            UpdateNamespacePropertiesRequest request = IcebergJson.read(body, UpdateNamespacePropertiesRequest.class);
            PropertyChanges changes =
                    catalog.updateProperties(namespace(namespace), request.updates(), Set.copyOf(request.removals()));
            return IcebergJson.ok(UpdateNamespacePropertiesResponse.builder()
                    .addUpdated(changes.updated())
                    .addRemoved(changes.removed())
                    .addMissing(changes.missing())
                    .build());
        });
    }
}
