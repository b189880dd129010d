package io.tributary.catalog.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.catalog.core.CatalogAccess;
import io.tributary.catalog.iceberg.IngestContract;
import io.tributary.catalog.iceberg.TributaryCatalog;
import io.tributary.contracts.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/** {@code GET /api/catalog/v1/namespaces/{namespace}/tables/{table}/contract}: what producers must send. */
@Path("/api/catalog/v1/namespaces/{namespace}/tables/{table}/contract")
@Produces(MediaType.APPLICATION_JSON)
public class IngestContractResource {

    private final TributaryCatalog catalog;
    private final ObjectMapper json;

    IngestContractResource(TributaryCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    @GET
    @RolesAllowed({CatalogAccess.READER, Roles.DATA_PRODUCER})
    public ObjectNode contract(@PathParam("namespace") String namespace, @PathParam("table") String table) throws IOException {
        TableIdentifier id = TableIdentifier.of(Namespace.of(namespace), table);
        IngestContract contract;
        try {
            contract = IngestContract.of(catalog.loadTable(id));
        } catch (NoSuchTableException | IllegalArgumentException e) {
            throw ProblemException.notFound("Table " + namespace + "." + table + " does not exist.");
        }
        ObjectNode body = json.createObjectNode();
        body.put("version", contract.version());
        body.set("schema", json.readTree(contract.schemaJson()));
        contract.key().ifPresent(key -> body.put("key", key));
        return body;
    }
}
