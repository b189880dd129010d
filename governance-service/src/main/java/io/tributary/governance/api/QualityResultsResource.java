package io.tributary.governance.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.quality.QualityResult;
import io.tributary.governance.store.PostgresQualityResults;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** What the quality rules found on each snapshot, newest first. */
@Path("/api/governance/v1/quality/results")
@Produces(MediaType.APPLICATION_JSON)
public class QualityResultsResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LIMIT = 1000;

    @Inject
    PostgresQualityResults results;

    @Inject
    Callers callers;

    @Inject
    JsonWebToken token;

    @GET
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN, Roles.DATA_ANALYST, Roles.DATA_PRODUCER})
    public ObjectNode list(
            @QueryParam("table") String table,
            @QueryParam("snapshot-id") String snapshotId,
            @QueryParam("rule-id") String ruleId,
            @QueryParam("status") String status,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        callers.identify(token);
        List<Problem.Violation> faults = new ArrayList<>();
        TableRef tableRef = null;
        if (table != null) {
            try {
                tableRef = TableRef.parse(table);
            } catch (IllegalArgumentException e) {
                faults.add(new Problem.Violation("table", e.getMessage()));
            }
        }
        Long snapshot = number(snapshotId, "snapshot-id", "must be a snapshot id (a whole number)", faults);
        UUID rule = null;
        if (ruleId != null) {
            try {
                rule = UUID.fromString(ruleId);
            } catch (IllegalArgumentException e) {
                faults.add(new Problem.Violation("rule-id", "must be a quality rule id (a UUID)"));
            }
        }
        QualityResult.Status wanted = null;
        if (status != null) {
            try {
                wanted = QualityResult.Status.fromWire(status);
            } catch (IllegalArgumentException e) {
                faults.add(new Problem.Violation("status", e.getMessage()));
            }
        }
        Long size = number(limit, "limit", "must be from 1 to " + MAX_LIMIT, faults);
        if (size != null && (size < 1 || size > MAX_LIMIT)) {
            faults.add(new Problem.Violation("limit", "must be from 1 to " + MAX_LIMIT));
        }
        Long before = number(cursor, "cursor", "must be a cursor from a previous page", faults);
        if (!faults.isEmpty()) {
            throw ProblemException.badRequest("The request is invalid.", faults);
        }
        int pageSize = size == null ? 100 : size.intValue();
        List<PostgresQualityResults.Stored> page =
                results.page(new PostgresQualityResults.Filter(tableRef, snapshot, rule, wanted, before), pageSize);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("results");
        page.forEach(stored -> items.add(write(stored.result())));
        if (page.size() == pageSize) {
            body.put("next-cursor", Long.toString(page.get(page.size() - 1).seq()));
        } else {
            body.putNull("next-cursor");
        }
        return body;
    }

    private static Long number(String text, String parameter, String message, List<Problem.Violation> faults) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            faults.add(new Problem.Violation(parameter, message));
            return null;
        }
    }

    static ObjectNode write(QualityResult result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("rule-id", result.ruleId().toString());
        node.put("rule-version", result.ruleVersion());
        node.put("rule-name", result.ruleName());
        node.put("type", result.ruleType().wireName());
        ArrayNode columns = node.putArray("columns");
        result.columns().forEach(columns::add);
        node.put("table", result.table().toString());
        node.put("branch", result.branch());
        node.put("snapshot-id", result.snapshotId());
        node.put("status", result.status().wireName());
        node.put("severity", result.severity().wireName());
        putLong(node, "checked-rows", result.checkedRows());
        putLong(node, "failing-rows", result.failingRows());
        node.set("sample-keys", JSON.valueToTree(result.samples()));
        node.put("duration-ms", result.durationMillis());
        node.put("evaluated-at", result.evaluatedAt().toString());
        if (result.message() == null) {
            node.putNull("message");
        } else {
            node.put("message", result.message());
        }
        return node;
    }

    private static void putLong(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
