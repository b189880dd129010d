package io.tributary.catalog.api.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.core.access.CatalogAccess;
import io.tributary.catalog.core.iceberg.CatalogStore;
import io.tributary.catalog.core.lineage.LineageEdge;
import io.tributary.catalog.core.lineage.LineageNodes;
import io.tributary.catalog.core.lineage.NodeId;
import io.tributary.catalog.core.lineage.TableLineage;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * {@code /api/catalog/v1/namespaces/{namespace}/tables/{table}/lineage}: the tables a table is made from and those made
 * from it, with the jobs between; {@code .../columns/{column}/impact}: the downstream columns a column feeds. A dropped
 * table keeps its lineage and still answers here.
 */
@Path("/api/catalog/v1/namespaces/{namespace}/tables/{table}")
@Produces(MediaType.APPLICATION_JSON)
public class TableLineageResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TableLineage lineage;
    private final CatalogStore catalog;
    private final CatalogConfig config;

    TableLineageResource(TableLineage lineage, CatalogStore catalog, CatalogConfig config) {
        this.lineage = lineage;
        this.catalog = catalog;
        this.config = config;
    }

    @GET
    @Path("lineage")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode lineage(
            @PathParam("namespace") String namespace,
            @PathParam("table") String table,
            @QueryParam("depth") String depth) {
        TableIdentifier id = PlatformResponses.identifier(namespace, table);
        int levels = depth(depth);
        NodeId node = known(id);
        TableLineage.Answer answer = lineage.of(node, levels);
        ObjectNode body = head(id, node, levels);
        body.set("upstream", side(answer.upstream(), answer.jobs()));
        body.set("downstream", side(answer.downstream(), answer.jobs()));
        return body;
    }

    @GET
    @Path("columns/{column}/impact")
    @RolesAllowed(CatalogAccess.READER)
    public ObjectNode impact(
            @PathParam("namespace") String namespace,
            @PathParam("table") String table,
            @PathParam("column") String column,
            @QueryParam("depth") String depth) {
        TableIdentifier id = PlatformResponses.identifier(namespace, table);
        List<Problem.Violation> problems = new ArrayList<>();
        PlatformResponses.checkName("column", column, problems);
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("Invalid column.", problems);
        }
        int levels = depth(depth);
        NodeId dataset = known(id);
        NodeId field = NodeId.field(dataset.namespace(), dataset.name(), column);
        TableLineage.Impact impact = lineage.impact(field, levels);
        ObjectNode body = head(id, dataset, levels);
        body.put("column", column);
        body.put("columnNode", field.toString());
        ArrayNode columns = body.putArray("impacted");
        for (TableLineage.ImpactedColumn reached : impact.columns()) {
            ObjectNode item = columns.addObject();
            item.put("node", reached.field().toString());
            dataset(item, reached.field().dataset());
            item.put("column", reached.field().field());
            item.put("distance", reached.distance());
            ArrayNode inputs = item.putArray("inputs");
            for (TableLineage.Input input : reached.inputs()) {
                ObjectNode from = inputs.addObject().put("node", input.field().toString());
                LineageNodes.Transformation how = input.transformation();
                if (how != null) {
                    from.putObject("transformation")
                            .put("type", how.type())
                            .put("subtype", how.subtype())
                            .put("description", how.description());
                }
            }
        }
        body.put(
                "impactedTables",
                impact.columns().stream()
                        .map(c -> c.field().dataset())
                        .distinct()
                        .count());
        return body;
    }

    /** The table's lineage node; a 404 when neither the catalog nor the lineage graph knows the table. */
    private NodeId known(TableIdentifier id) {
        NodeId node = NodeId.dataset(config.iceberg().name(), id.toString());
        if (!lineage.known(node)
                && catalog.metadataLocation(id, CatalogStore.Kind.TABLE).isEmpty()) {
            throw new NoSuchTableException("Table does not exist: %s", id);
        }
        return node;
    }

    private int depth(String depth) {
        CatalogConfig.Lineage limits = config.lineage();
        if (depth == null) {
            return limits.defaultDepth();
        }
        try {
            int value = Integer.parseInt(depth);
            if (value >= 1 && value <= limits.maxDepth()) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest(
                "Invalid query parameters.",
                List.of(new Problem.Violation("depth", "must be an integer from 1 to " + limits.maxDepth())));
    }

    private ObjectNode head(TableIdentifier id, NodeId node, int depth) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("table").put("namespace", id.namespace().toString()).put("name", id.name());
        body.put("node", node.toString());
        body.put("depth", depth);
        return body;
    }

    private ObjectNode side(TableLineage.Side side, Map<NodeId, LineageNodes.Job> jobs) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode datasets = body.putArray("datasets");
        for (TableLineage.Reached reached : side.datasets()) {
            ObjectNode item = datasets.addObject().put("node", reached.id().toString());
            dataset(item, reached.id());
            item.put("distance", reached.distance());
        }
        ArrayNode jobList = body.putArray("jobs");
        for (TableLineage.Reached reached : side.jobs()) {
            ObjectNode item = jobList.addObject()
                    .put("node", reached.id().toString())
                    .put("namespace", reached.id().namespace())
                    .put("name", reached.id().name())
                    .put("distance", reached.distance());
            LineageNodes.Job job = jobs.get(reached.id());
            LineageNodes.Run run = job == null ? null : job.latestRun();
            if (run != null) {
                item.putObject("latestRun")
                        .put("id", run.id().toString())
                        .put("state", run.state() == null ? null : run.state().name())
                        .put(
                                "startedAt",
                                run.startedAt() == null ? null : run.startedAt().toString())
                        .put(
                                "endedAt",
                                run.endedAt() == null ? null : run.endedAt().toString());
            } else {
                item.putNull("latestRun");
            }
        }
        ArrayNode edges = body.putArray("edges");
        for (LineageEdge edge : side.edges()) {
            edges.addObject()
                    .put("origin", edge.origin().toString())
                    .put("destination", edge.destination().toString());
        }
        return body;
    }

    /** A dataset's namespace and name, and the catalog table it is when it lives in this catalog. */
    private void dataset(ObjectNode item, NodeId dataset) {
        item.put("namespace", dataset.namespace()).put("name", dataset.name());
        int dot = dataset.name().lastIndexOf('.');
        if (dataset.namespace().equals(config.iceberg().name()) && dot > 0) {
            item.putObject("table")
                    .put("namespace", dataset.name().substring(0, dot))
                    .put("name", dataset.name().substring(dot + 1));
        } else {
            item.putNull("table");
        }
    }
}
