package io.tributary.catalog.api.iceberg;

import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.call;
import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.identifier;
import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.namespace;
import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.noContent;
import static io.tributary.catalog.api.iceberg.IcebergResourceSupport.pageSize;

import io.tributary.catalog.core.access.CatalogAccess;
import io.tributary.catalog.core.iceberg.TributaryCatalog;
import io.tributary.catalog.core.iceberg.WriterViews;
import io.tributary.contracts.iceberg.WriterView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.RESTCatalogProperties.SnapshotMode;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.LoadTableResponse;

/** Tables: {@code /iceberg/v1/namespaces/{ns}/tables/...}, rename, register, metrics and multi-table commits. */
@Path("/iceberg/v1")
@Produces(MediaType.APPLICATION_JSON)
public class IcebergTableResource {

    private final TributaryCatalog catalog;
    private final IcebergMetricsReports metricsReports;

    IcebergTableResource(TributaryCatalog catalog, IcebergMetricsReports metricsReports) {
        this.catalog = catalog;
        this.metricsReports = metricsReports;
    }

    @GET
    @Path("namespaces/{namespace}/tables")
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
                            ? CatalogHandlers.listTables(catalog, ns)
                            : CatalogHandlers.listTables(catalog, ns, pageToken, size));
        });
    }

    /** Creates a table, or with {@code stage-create} only returns its metadata for a later create-commit. */
    @POST
    @Path("namespaces/{namespace}/tables")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response create(@PathParam("namespace") @Encoded String namespace, String body) {
        return call(() -> {
            Namespace ns = namespace(namespace);
            CreateTableRequest request = IcebergJson.read(body, CreateTableRequest.class);
            catalog.checkCreate(TableIdentifier.of(ns, request.name()), request.location(), request.properties());
            return request.stageCreate()
                    ? IcebergJson.ok(CatalogHandlers.stageTableCreate(catalog, ns, staged(request)))
                    : IcebergJson.okTable(CatalogHandlers.createTable(catalog, ns, request), catalog::metadataJson);
        });
    }

    /** The request with the catalog's table defaults and overrides, which a direct create applies itself. */
    private CreateTableRequest staged(CreateTableRequest request) {
        return CreateTableRequest.builder()
                .withName(request.name())
                .withLocation(request.location())
                .withSchema(request.schema())
                .withPartitionSpec(request.spec())
                .withWriteOrder(request.writeOrder())
                .setProperties(catalog.stagedTableProperties(request.properties()))
                .stageCreate()
                .build();
    }

    @GET
    @Path("namespaces/{namespace}/tables/{table}")
    @RolesAllowed(CatalogAccess.READER)
    public Response load(
            @PathParam("namespace") @Encoded String namespace,
            @PathParam("table") @Encoded String table,
            @QueryParam("snapshots") String snapshots,
            @HeaderParam(WriterView.HEADER) String view) {
        return call(() -> {
            SnapshotMode mode = snapshotMode(snapshots);
            LoadTableResponse response =
                    CatalogHandlers.loadTable(catalog, identifier(namespace, table), SnapshotMode.ALL);
            if (mode == SnapshotMode.ALL && writerView(view)) {
                // Iceberg's client asks for all snapshots by name on a load, and by default on a refresh.
                return writerViewAnswer(response);
            }
            if (mode == SnapshotMode.ALL) {
                return IcebergJson.okTable(response, catalog::metadataJson);
            }
            // snapshots=refs: only the snapshots a branch or tag names. Built here rather than by Iceberg's handler,
            // whose answer cannot be written once the table has statistics of a left-out snapshot (they are left out
            // too, a change its builder then refuses to combine with the metadata location).
            TableMetadata refs = TableMetadata.buildFrom(response.tableMetadata())
                    .suppressHistoricalSnapshots()
                    .build();
            return IcebergJson.okTable(
                    response.metadataLocation(), TableMetadataParser.toJson(refs), response.config());
        });
    }

    @HEAD
    @Path("namespaces/{namespace}/tables/{table}")
    @RolesAllowed(CatalogAccess.READER)
    public Response exists(
            @PathParam("namespace") @Encoded String namespace, @PathParam("table") @Encoded String table) {
        return call(() -> {
            CatalogHandlers.tableExists(catalog, identifier(namespace, table));
            return noContent();
        });
    }

    /** Commits requirements and updates to one table; the server retries a lost race while the requirements hold. */
    @POST
    @Path("namespaces/{namespace}/tables/{table}")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response commit(
            @PathParam("namespace") @Encoded String namespace,
            @PathParam("table") @Encoded String table,
            @HeaderParam(WriterView.HEADER) String view,
            String body) {
        return call(() -> {
            TableIdentifier identifier = identifier(namespace, table);
            UpdateTableRequest request = IcebergJson.read(body, UpdateTableRequest.class);
            if (request.identifier() != null && !request.identifier().equals(identifier)) {
                throw new IllegalArgumentException("The identifier in the body (" + request.identifier()
                        + ") does not match the path (" + identifier + ")");
            }
            LoadTableResponse response = catalog.committing(
                    List.of(identifier), () -> CatalogHandlers.updateTable(catalog, identifier, request));
            return writerView(view) ? writerViewAnswer(response) : IcebergJson.okTable(response, catalog::metadataJson);
        });
    }

    /** Whether the client asked for the lake writer's view ({@link WriterView}); any other value is ignored. */
    private static boolean writerView(String view) {
        return view != null && WriterView.CHECKPOINTS.equalsIgnoreCase(view.trim());
    }

    /** The answer with only the snapshots the lake writer reads (branch and tag heads, history to its checkpoints). */
    private Response writerViewAnswer(LoadTableResponse response) {
        return WriterViews.json(response.tableMetadata())
                .map(view -> IcebergJson.okTable(response.metadataLocation(), view, response.config()))
                .orElseGet(() -> IcebergJson.okTable(response, catalog::metadataJson));
    }

    @DELETE
    @Path("namespaces/{namespace}/tables/{table}")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response drop(
            @PathParam("namespace") @Encoded String namespace,
            @PathParam("table") @Encoded String table,
            @QueryParam("purgeRequested") String purgeRequested) {
        return call(() -> {
            TableIdentifier identifier = identifier(namespace, table);
            if (Boolean.parseBoolean(purgeRequested)) {
                CatalogHandlers.purgeTable(catalog, identifier);
            } else {
                CatalogHandlers.dropTable(catalog, identifier);
            }
            return noContent();
        });
    }

    @POST
    @Path("namespaces/{namespace}/register")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response register(@PathParam("namespace") @Encoded String namespace, String body) {
        return call(() -> IcebergJson.okTable(
                CatalogHandlers.registerTable(
                        catalog, namespace(namespace), IcebergJson.read(body, RegisterTableRequest.class)),
                catalog::metadataJson));
    }

    @POST
    @Path("tables/rename")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response rename(String body) {
        return call(() -> {
            CatalogHandlers.renameTable(catalog, IcebergJson.read(body, RenameTableRequest.class));
            return noContent();
        });
    }

    /** Scan and commit reports from engines; readers send them too, after a scan. */
    @POST
    @Path("namespaces/{namespace}/tables/{table}/metrics")
    @RolesAllowed(CatalogAccess.READER)
    public Response reportMetrics(
            @PathParam("namespace") @Encoded String namespace, @PathParam("table") @Encoded String table, String body) {
        return call(() -> {
            TableIdentifier identifier = identifier(namespace, table);
            ReportMetricsRequest request = IcebergJson.read(body, ReportMetricsRequest.class);
            CatalogHandlers.tableExists(catalog, identifier);
            metricsReports.record(identifier, request, body);
            return noContent();
        });
    }

    /** Commits changes to several tables: all of them or none, in one database transaction. */
    @POST
    @Path("transactions/commit")
    @RolesAllowed(CatalogAccess.WRITER)
    public Response commitTransaction(String body) {
        return call(() -> {
            catalog.commitTransaction(
                    IcebergJson.read(body, CommitTransactionRequest.class).tableChanges());
            return noContent();
        });
    }

    private static SnapshotMode snapshotMode(String snapshots) {
        if (snapshots == null || snapshots.isEmpty()) {
            return SnapshotMode.ALL;
        }
        try {
            return SnapshotMode.valueOf(snapshots.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid snapshots mode: " + snapshots + " (expected 'all' or 'refs')");
        }
    }
}
