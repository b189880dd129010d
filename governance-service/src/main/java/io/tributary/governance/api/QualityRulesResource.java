package io.tributary.governance.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.quality.QualityRule;
import io.tributary.governance.core.quality.QualityRuleCodec;
import io.tributary.governance.core.quality.QualityRuleNotFoundException;
import io.tributary.governance.core.quality.QualityRuleService;
import io.tributary.governance.core.quality.QualityRuleStore;
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
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Quality rules of tables: what each new snapshot is checked against. Writes by stewards and admins. */
@Path("/api/governance/v1/quality/rules")
@Produces(MediaType.APPLICATION_JSON)
public class QualityRulesResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    QualityRuleService rules;

    @Inject
    QualityRuleStore store;

    @Inject
    Callers callers;

    @Inject
    JsonWebToken token;

    @GET
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN, Roles.DATA_ANALYST})
    public ObjectNode list(@QueryParam("table") String table) {
        callers.identify(token);
        Optional<TableRef> wanted = Optional.empty();
        if (table != null) {
            try {
                wanted = Optional.of(TableRef.parse(table));
            } catch (IllegalArgumentException e) {
                throw Requests.bad("table", e.getMessage());
            }
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("rules");
        store.list(wanted).forEach(rule -> items.add(QualityRuleCodec.write(rule)));
        return body;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public Response create(JsonNode body) {
        String actor = callers.identify(token).user();
        QualityRule created = rules.create(object(body), actor);
        return Response.created(URI.create("/api/governance/v1/quality/rules/" + created.id()))
                .entity(QualityRuleCodec.write(created))
                .build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN, Roles.DATA_ANALYST})
    public ObjectNode get(@PathParam("id") String id) {
        callers.identify(token);
        UUID uuid = id(id);
        return QualityRuleCodec.write(store.find(uuid).orElseThrow(() -> new QualityRuleNotFoundException(uuid)));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public ObjectNode update(@PathParam("id") String id, JsonNode body) {
        String actor = callers.identify(token).user();
        return QualityRuleCodec.write(rules.update(id(id), object(body), actor));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public Response delete(@PathParam("id") String id, @QueryParam("version") Integer version) {
        String actor = callers.identify(token).user();
        rules.delete(id(id), version, actor);
        return Response.noContent().build();
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Requests.bad("id", "must be a quality rule id (a UUID)");
        }
    }

    private static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest(
                    "A quality rule is a JSON object.", List.of(new Problem.Violation("", "must be a JSON object")));
        }
        return body;
    }
}
