package io.tributary.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tributary.auth.Roles;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.query.config.QueryConfig;
import io.tributary.query.core.Caller;
import io.tributary.query.core.CheckAnswer;
import io.tributary.query.core.CheckRequest;
import io.tributary.query.core.CheckRunner;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /api/query/v1/checks}: governance's read-only SQL on one snapshot of a table, over the stored values (no
 * masks, no row filters). Only the configured service clients ({@code tributary.query.checks.clients}) and platform
 * admins may call it.
 */
@Path("/api/query/v1/checks")
@Authenticated
@Blocking
public class ChecksResource {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    @Inject
    CheckRunner checks;

    @Inject
    QueryConfig config;

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> run(byte[] body) throws IOException {
        Caller caller = TokenCaller.of(identity, token);
        if (!caller.roles().contains(Roles.PLATFORM_ADMIN)
                && (caller.client() == null || !config.checks().clients().contains(caller.client()))) {
            String reason = "Checks run only for the clients " + config.checks().clients() + " and "
                    + Roles.PLATFORM_ADMIN + "; client " + caller.client() + " is not one of them.";
            checks.denied(caller, null, reason);
            throw new ProblemException(ProblemType.FORBIDDEN.problem(reason));
        }
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw new ProblemException(ProblemType.TOO_LARGE.problem(
                    "A checks request may be at most " + MAX_BODY_BYTES + " bytes; this one is " + body.length + "."));
        }
        JsonNode tree = body == null || body.length == 0 ? null : json.readTree(body);
        CheckRequest request = CheckRequestReader.read(tree);
        return answer(checks.run(caller, request));
    }

    private static Map<String, Object> answer(CheckAnswer answer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("table", answer.table().toString());
        body.put("snapshot-id", answer.snapshotId());
        Map<String, Object> newRows = new LinkedHashMap<>();
        newRows.put("after", answer.newRows().after());
        newRows.put("data-files", answer.newRows().dataFiles());
        newRows.put("exact", answer.newRows().exact());
        body.put("new-rows", newRows);
        List<Map<String, Object>> results =
                answer.results().stream().map(ChecksResource::result).toList();
        body.put("results", results);
        return body;
    }

    private static Map<String, Object> result(CheckAnswer.Result result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", result.id());
        if (result.error() != null) {
            map.put("error", result.error());
            return map;
        }
        map.put("columns", result.columns());
        map.put("rows", result.rows());
        map.put("truncated", result.truncated());
        map.put("duration-ms", result.durationMs());
        return map;
    }
}
