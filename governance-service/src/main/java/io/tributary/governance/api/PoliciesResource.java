package io.tributary.governance.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.governance.core.Policy;
import io.tributary.governance.core.PolicyCodec;
import io.tributary.governance.core.PolicyKind;
import io.tributary.governance.core.PolicyNotFoundException;
import io.tributary.governance.core.PolicyService;
import io.tributary.governance.core.PolicyStore;
import io.tributary.governance.store.PostgresPolicyStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Policies: grants, masks, row filters and roles, every change versioned. Writes by stewards and admins. */
@Path("/api/governance/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PoliciesResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PolicyService policies;

    @Inject
    PostgresPolicyStore store;

    @Inject
    Callers callers;

    @Inject
    JsonWebToken token;

    @GET
    @Path("/policies")
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN, Roles.DATA_ANALYST})
    public ObjectNode list(@QueryParam("kind") String kind) {
        callers.identify(token);
        PolicyKind wanted = null;
        if (kind != null) {
            try {
                wanted = PolicyKind.fromWire(kind);
            } catch (IllegalArgumentException e) {
                throw Requests.bad("kind", e.getMessage());
            }
        }
        var set = store.load();
        ObjectNode body = JSON.createObjectNode();
        body.put("revision", set.revision());
        ArrayNode items = body.putArray("policies");
        for (Policy policy : set.policies()) {
            if (wanted == null || policy.kind() == wanted) {
                items.add(PolicyCodec.write(policy));
            }
        }
        return body;
    }

    @POST
    @Path("/policies")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public Response create(JsonNode body) {
        String actor = callers.identify(token).user();
        Policy created = policies.create(PolicyCodec.read(body), actor);
        return Response.created(URI.create("/api/governance/v1/policies/" + created.id()))
                .entity(PolicyCodec.write(created))
                .build();
    }

    @GET
    @Path("/policies/{id}")
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN, Roles.DATA_ANALYST})
    public ObjectNode get(@PathParam("id") String id) {
        callers.identify(token);
        UUID uuid = Requests.id(id);
        return PolicyCodec.write(store.find(uuid).orElseThrow(() -> new PolicyNotFoundException(uuid)));
    }

    @PUT
    @Path("/policies/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public ObjectNode update(@PathParam("id") String id, JsonNode body) {
        String actor = callers.identify(token).user();
        return PolicyCodec.write(policies.update(Requests.id(id), PolicyCodec.read(body), actor));
    }

    @DELETE
    @Path("/policies/{id}")
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public Response delete(
            @PathParam("id") String id, @QueryParam("reason") String reason, @QueryParam("version") Integer version) {
        String actor = callers.identify(token).user();
        if (reason != null && reason.length() > PolicyCodec.MAX_TEXT) {
            throw Requests.bad("reason", "is longer than " + PolicyCodec.MAX_TEXT + " characters");
        }
        policies.delete(Requests.id(id), version, reason, actor);
        return Response.noContent().build();
    }

    @GET
    @Path("/policies/{id}/history")
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN, Roles.DATA_ANALYST})
    public ObjectNode history(@PathParam("id") String id) {
        callers.identify(token);
        UUID uuid = Requests.id(id);
        List<PolicyStore.Change> changes = store.history(uuid);
        if (changes.isEmpty()) {
            throw new PolicyNotFoundException(uuid);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("id", uuid.toString());
        body.set("versions", changes(changes));
        return body;
    }

    @GET
    @Path("/history")
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public ObjectNode allHistory(@QueryParam("limit") Integer limit, @QueryParam("before") Long before) {
        callers.identify(token);
        List<PolicyStore.Change> changes =
                store.changes(Requests.limit(limit, 1000), before == null ? Long.MAX_VALUE : before);
        ObjectNode body = JSON.createObjectNode();
        body.set("changes", changes(changes));
        if (!changes.isEmpty()) {
            body.put("next-before", changes.get(changes.size() - 1).revision());
        }
        return body;
    }

    private static ArrayNode changes(List<PolicyStore.Change> changes) {
        ArrayNode out = JSON.createArrayNode();
        for (PolicyStore.Change change : changes) {
            ObjectNode item = PolicyCodec.write(change.policy());
            item.put("revision", change.revision());
            item.put("operation", change.operation());
            out.add(item);
        }
        return out;
    }
}
