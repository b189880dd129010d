package io.tributary.catalog.api.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.catalog.core.iceberg.TributaryCatalog;
import io.tributary.catalog.core.platform.BranchPublisher;
import io.tributary.catalog.core.platform.BranchPublisher.PublishRefusedException;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.contracts.problem.ProblemType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * {@code /api/catalog/v1/namespaces/{namespace}/tables/{table}/branches}: write-audit-publish. The lake writer commits a
 * table with an audit branch there; a snapshot that passed its checks is published to main here.
 */
@Path("/api/catalog/v1/namespaces/{namespace}/tables/{table}/branches")
@Produces(MediaType.APPLICATION_JSON)
public class TableBranchesResource {

    private final BranchPublisher publisher;

    TableBranchesResource(TributaryCatalog catalog) {
        this.publisher = new BranchPublisher(catalog);
    }

    /**
     * Publishes {@code {"snapshot-id": X}} of the branch to main: fast-forward, cherry-pick, or nothing to do when main
     * holds it already.
     */
    @POST
    @Path("{branch}/publish")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public ObjectNode publish(
            @PathParam("namespace") String namespace,
            @PathParam("table") String table,
            @PathParam("branch") String branch,
            String body) {
        TableIdentifier id = PlatformResponses.identifier(namespace, table);
        ObjectNode request = PlatformRequests.object(body);
        PlatformRequests read = new PlatformRequests();
        read.onlyKnownFields(request, Set.of("snapshot-id"));
        JsonNode snapshot = request.get("snapshot-id");
        if (snapshot == null || snapshot.isNull()) {
            read.problem("/snapshot-id", "is required");
        } else if (!snapshot.isIntegralNumber() || !snapshot.canConvertToLong()) {
            read.problem("/snapshot-id", "must be a snapshot id (an integer)");
        }
        read.throwIfAny("The publish request is not valid.");
        BranchPublisher.Published published;
        try {
            published = publisher.publish(id, branch, snapshot.longValue());
        } catch (PublishRefusedException e) {
            throw refused(e);
        }
        ObjectNode answer = PlatformRequests.JSON.createObjectNode();
        answer.put("branch", published.branch());
        answer.put("snapshot-id", published.snapshotId());
        answer.put("main-snapshot-id", published.mainSnapshotId());
        answer.put("mode", published.mode().wireName());
        return answer;
    }

    private static ProblemException refused(PublishRefusedException e) {
        return switch (e.reason()) {
            case INVALID_BRANCH ->
                ProblemException.badRequest(
                        e.getMessage(), List.of(new Problem.Violation("branch", "must not be main")));
            case NO_SUCH_BRANCH, NO_SUCH_SNAPSHOT -> ProblemException.notFound(e.getMessage());
            case NOT_AN_APPEND ->
                ProblemException.badRequest(
                        e.getMessage(), List.of(new Problem.Violation("/snapshot-id", "is not an append")));
            case CONFLICT -> new ProblemException(ProblemType.CONFLICT.problem(e.getMessage()));
        };
    }
}
