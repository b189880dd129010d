package io.tributary.governance.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.pii.Classification;
import io.tributary.governance.core.pii.ClassificationCodec;
import io.tributary.governance.core.pii.ClassificationNotFoundException;
import io.tributary.governance.core.pii.ClassificationService;
import io.tributary.governance.core.pii.ClassificationStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** PII tags proposed for columns by the scans of new data, and the stewards' decisions on them. */
@Path("/api/governance/v1/classifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
public class ClassificationsResource {

    static final int MAX_PAGE = 1000;
    private static final int MAX_REASON = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ClassificationStore store;

    @Inject
    ClassificationService decisions;

    @Inject
    Callers callers;

    @Inject
    JsonWebToken token;

    @GET
    public ObjectNode list(
            @QueryParam("table") String table,
            @QueryParam("status") String status,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        callers.identify(token);
        Optional<TableRef> wanted = Optional.empty();
        if (table != null) {
            try {
                wanted = Optional.of(TableRef.parse(table));
            } catch (IllegalArgumentException e) {
                throw Requests.bad("table", e.getMessage());
            }
        }
        Optional<Classification.Status> state = Optional.empty();
        if (status != null) {
            try {
                state = Optional.of(Classification.Status.parse(status));
            } catch (IllegalArgumentException e) {
                throw Requests.bad("status", e.getMessage());
            }
        }
        UUID before = null;
        if (cursor != null) {
            try {
                before = UUID.fromString(cursor);
            } catch (IllegalArgumentException e) {
                throw Requests.bad("cursor", "must be a cursor from a previous page");
            }
        }
        int pageSize = Requests.limit(limit, MAX_PAGE);
        List<Classification> page = store.list(wanted, state, before, pageSize);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("classifications");
        page.forEach(c -> items.add(ClassificationCodec.write(c)));
        if (page.size() == pageSize) {
            body.put("next-cursor", page.get(page.size() - 1).id().toString());
        } else {
            body.putNull("next-cursor");
        }
        return body;
    }

    @GET
    @Path("/{id}")
    public ObjectNode get(@PathParam("id") String id) {
        callers.identify(token);
        UUID uuid = id(id);
        return ClassificationCodec.write(store.find(uuid).orElseThrow(() -> new ClassificationNotFoundException(uuid)));
    }

    /** Puts the tag on the column in the catalog, then records the decision. */
    @POST
    @Path("/{id}/accept")
    @Consumes(MediaType.WILDCARD)
    public ObjectNode accept(@PathParam("id") String id, String body) {
        String actor = callers.identify(token).user();
        UUID uuid = id(id);
        return ClassificationCodec.write(decisions.accept(uuid, actor, reason(body)));
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.WILDCARD)
    public ObjectNode reject(@PathParam("id") String id, String body) {
        String actor = callers.identify(token).user();
        UUID uuid = id(id);
        return ClassificationCodec.write(decisions.reject(uuid, actor, reason(body)));
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Requests.bad("id", "must be a classification id (a UUID)");
        }
    }

    /** The optional {@code {"reason": "..."}} of a decision; an empty body has none. */
    private static String reason(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw Requests.bad("", "must be a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw Requests.bad("", "must be a JSON object");
        }
        JsonNode reason = node.get("reason");
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isTextual() || reason.asText().length() > MAX_REASON) {
            throw Requests.bad("/reason", "must be a string of at most " + MAX_REASON + " characters");
        }
        return reason.asText().isBlank() ? null : reason.asText();
    }
}
