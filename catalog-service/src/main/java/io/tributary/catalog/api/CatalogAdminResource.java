package io.tributary.catalog.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.auth.admin.AdminResourceBase;
import io.tributary.catalog.core.lineage.LineageRetention;
import io.tributary.catalog.events.LineageRetentionJob;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /api/catalog/v1/admin/config} and {@code /dependencies}, and {@code POST .../lineage/prune} (lineage
 * retention now, optionally with another age than the configured one), for platform admins.
 */
@Path("/api/catalog/v1/admin")
public class CatalogAdminResource extends AdminResourceBase {

    @Inject
    LineageRetentionJob retention;

    @POST
    @Path("lineage/prune")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public ObjectNode pruneLineage(@QueryParam("olderThan") String olderThan) {
        Duration age = null;
        if (olderThan != null) {
            try {
                age = Duration.parse(olderThan);
            } catch (DateTimeParseException e) {
                age = Duration.ofSeconds(-1);
            }
            if (age.isNegative()) {
                throw ProblemException.badRequest(
                        "Invalid query parameters.",
                        List.of(new Problem.Violation(
                                "olderThan", "must be a non-negative ISO-8601 duration, for example P30D or PT1H")));
            }
        }
        LineageRetention.Pruned pruned = retention.pruneNow(age);
        return JsonNodeFactory.instance
                .objectNode()
                .put("before", pruned.before().toString())
                .put("eventsPruned", pruned.events())
                .put("runsPruned", pruned.runs());
    }
}
