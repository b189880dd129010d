package io.tributary.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.auth.Roles;
import io.tributary.ingest.maintenance.ActionResult;
import io.tributary.ingest.maintenance.MaintenanceReport;
import io.tributary.ingest.maintenance.MaintenanceRequest;
import io.tributary.ingest.maintenance.runtime.MaintenanceService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * {@code POST /api/ingest/v1/admin/maintenance/{namespace}/{table}}: runs table maintenance now, in this process, and
 * answers what each action did. Body optional: {@code {"actions": [...], "older-than": "PT1H", ...}}.
 */
@Path("/api/ingest/v1/admin/maintenance")
@RolesAllowed(Roles.PLATFORM_ADMIN)
public class MaintenanceResource {

    @Inject
    MaintenanceService service;

    @Inject
    ObjectMapper json;

    @POST
    @Path("{namespace}/{table}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> maintain(
            @PathParam("namespace") String namespace,
            @PathParam("table") String table,
            @RequestBody(
                            required = false,
                            description = "{\"actions\": [\"compact\", \"rewrite-manifests\", \"expire-snapshots\","
                                    + " \"remove-orphans\"], \"older-than\", \"retain-last\", \"min-small-files\","
                                    + " \"max-manifests\", \"orphan-older-than\"}; all optional")
                    String body) {
        MaintenanceRequest request = MaintenanceRequest.parse(parse(body));
        return answer(service.run(namespace, table, request));
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MaintenanceRequest.InvalidRequestException("", "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    static Map<String, Object> answer(MaintenanceReport report) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("table", report.table().toString());
        answer.put("outcome", report.failed() ? "failed" : "done");
        answer.put("duration-ms", report.duration().toMillis());
        List<Map<String, Object>> actions = new ArrayList<>();
        for (ActionResult result : report.actions()) {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("action", result.action().wireName());
            action.put("outcome", result.outcome().wireName());
            action.put("detail", result.detail());
            action.put("duration-ms", result.duration().toMillis());
            action.putAll(result.figures());
            actions.add(action);
        }
        answer.put("actions", actions);
        return answer;
    }
}
