package io.tributary.catalog.api.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.catalog.core.access.CatalogAccess;
import io.tributary.catalog.core.dataset.CompatibilityMode;
import io.tributary.catalog.core.platform.DatasetService;
import io.tributary.contracts.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * {@code /api/catalog/v1/namespaces/{namespace}/tables/{table}/contract}: what producers must send and who may send
 * it. {@code GET} for readers and producers; {@code PUT} changes schema, compatibility mode, key or producers.
 */
@Path("/api/catalog/v1/namespaces/{namespace}/tables/{table}/contract")
@Produces(MediaType.APPLICATION_JSON)
public class IngestContractResource {

    private static final Set<String> FIELDS = Set.of("schema", "columns", "compatibility", "key", "producers");

    private final DatasetService datasets;

    IngestContractResource(DatasetService datasets) {
        this.datasets = datasets;
    }

    @GET
    @RolesAllowed({CatalogAccess.READER, Roles.DATA_PRODUCER})
    public ObjectNode contract(@PathParam("namespace") String namespace, @PathParam("table") String table) {
        TableIdentifier id;
        Table loaded;
        try {
            id = PlatformResponses.identifier(namespace, table);
            loaded = datasets.load(id);
        } catch (NoSuchTableException | IllegalArgumentException | ProblemException e) {
            throw ProblemException.notFound("Table " + namespace + "." + table + " does not exist.");
        }
        return PlatformResponses.contract(
                ((HasTableOperations) loaded).operations().current());
    }

    /**
     * Changes the contract in one commit. Absent fields stay; {@code schema} (or {@code columns}) is the complete new
     * schema, matched to the current one by field name; {@code key: null} removes the key; {@code producers: []}
     * allows nobody. A schema change that breaks the compatibility mode in force after the change is a 409 naming
     * every offending field, and nothing changes.
     */
    @PUT
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public ObjectNode change(@PathParam("namespace") String namespace, @PathParam("table") String table, String body) {
        TableIdentifier id = PlatformResponses.identifier(namespace, table);
        ObjectNode request = PlatformRequests.object(body);
        PlatformRequests read = new PlatformRequests();
        read.onlyKnownFields(request, FIELDS);
        if (request.isEmpty()) {
            read.problem("", "name at least one of " + new TreeSet<>(FIELDS));
        }
        Schema schema = read.schema(request, false);
        CompatibilityMode mode = read.compatibility(request, "compatibility");
        Optional<String> key =
                request.has("key") ? Optional.ofNullable(read.string(request, "key", false, 1024)) : null;
        if (key != null && key.isPresent() && key.get().isEmpty()) {
            read.problem("/key", "must not be empty; use null to remove the key");
        }
        List<String> producers = null;
        if (request.has("producers")) {
            producers = request.get("producers").isNull()
                    ? List.of()
                    : read.producers(request.get("producers"), "/producers");
        }
        read.throwIfAny("The contract change is not valid.");
        DatasetService.ContractChange change = new DatasetService.ContractChange(schema, mode, key, producers);
        Table changed = datasets.changeContract(id, change);
        return PlatformResponses.contract(
                ((HasTableOperations) changed).operations().current());
    }
}
