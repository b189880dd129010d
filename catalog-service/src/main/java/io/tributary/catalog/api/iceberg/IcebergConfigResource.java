package io.tributary.catalog.api.iceberg;

import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.call;

import io.tributary.catalog.core.access.CatalogAccess;
import io.tributary.catalog.core.iceberg.TributaryCatalog;
import io.tributary.catalog.core.iceberg.WarehouseStorage;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.apache.iceberg.exceptions.NoSuchWarehouseException;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.responses.ConfigResponse;

/** {@code GET /iceberg/v1/config}: what a client needs before its first call, and which endpoints exist. */
@Path("/iceberg/v1")
@Produces(MediaType.APPLICATION_JSON)
public class IcebergConfigResource {

    /** Every endpoint this server implements; clients call nothing else. */
    static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.V1_LIST_NAMESPACES,
            Endpoint.V1_LOAD_NAMESPACE,
            Endpoint.V1_NAMESPACE_EXISTS,
            Endpoint.V1_CREATE_NAMESPACE,
            Endpoint.V1_UPDATE_NAMESPACE,
            Endpoint.V1_DELETE_NAMESPACE,
            Endpoint.V1_LIST_TABLES,
            Endpoint.V1_LOAD_TABLE,
            Endpoint.V1_TABLE_EXISTS,
            Endpoint.V1_CREATE_TABLE,
            Endpoint.V1_UPDATE_TABLE,
            Endpoint.V1_DELETE_TABLE,
            Endpoint.V1_RENAME_TABLE,
            Endpoint.V1_REGISTER_TABLE,
            Endpoint.V1_REPORT_METRICS,
            Endpoint.V1_COMMIT_TRANSACTION,
            Endpoint.V1_LIST_VIEWS,
            Endpoint.V1_LOAD_VIEW,
            Endpoint.V1_VIEW_EXISTS,
            Endpoint.V1_CREATE_VIEW,
            Endpoint.V1_UPDATE_VIEW,
            Endpoint.V1_DELETE_VIEW,
            Endpoint.V1_RENAME_VIEW,
            Endpoint.V1_REGISTER_VIEW);

    private final TributaryCatalog catalog;
    private final WarehouseStorage storage;

    IcebergConfigResource(TributaryCatalog catalog, WarehouseStorage storage) {
        this.catalog = catalog;
        this.storage = storage;
    }

    /**
     * One catalog serves one warehouse. A client may name it by the catalog's name or by its location; any other
     * warehouse is a 404, so a misconfigured client fails on its first call.
     */
    @GET
    @Path("config")
    @RolesAllowed(CatalogAccess.READER)
    public Response config(@QueryParam("warehouse") String warehouse) {
        return call(() -> {
            if (warehouse != null
                    && !warehouse.isBlank()
                    && !warehouse.equals(catalog.name())
                    && !sameLocation(warehouse, catalog.warehouseLocation())) {
                throw new NoSuchWarehouseException(
                        "Warehouse does not exist: %s (this catalog serves '%s')", warehouse, catalog.name());
            }
            ConfigResponse.Builder builder = ConfigResponse.builder();
            // How to reach the warehouse's storage (endpoint, region, addressing), never its credentials.
            storage.clientProperties().forEach(builder::withDefault);
            ConfigResponse response = builder.withDefault("warehouse", catalog.warehouseLocation())
                    // Clients then page through listings instead of asking for everything at once.
                    .withDefault(
                            RESTCatalogProperties.PAGE_SIZE, Integer.toString(IcebergResourceSupport.DEFAULT_PAGE_SIZE))
                    .withEndpoints(ENDPOINTS)
                    .build();
            return IcebergJson.ok(response);
        });
    }

    private static boolean sameLocation(String a, String b) {
        return trim(a).equals(trim(b))
                || trim(a).replaceFirst("^file:/+", "file:/").equals(trim(b).replaceFirst("^file:/+", "file:/"));
    }

    private static String trim(String location) {
        return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    }
}
