package io.tributary.governance.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.auth.Roles;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.governance.config.GovernanceConfig;
import io.tributary.governance.core.DecisionService;
import io.tributary.governance.core.Identity;
import io.tributary.governance.core.PrincipalDirectory;
import io.tributary.governance.core.Privilege;
import io.tributary.governance.core.TableDecision;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.events.DenialAudit;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Decisions for services ({@code POST /decisions}) and for people asking why ({@code GET /explain}). */
@Path("/api/governance/v1")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionsResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_COLUMNS = 10_000;
    private static final int MAX_ROLES = 256;

    @Inject
    DecisionService decisions;

    @Inject
    PrincipalDirectory directory;

    @Inject
    DenialAudit denials;

    @Inject
    GovernanceConfig config;

    @Inject
    Callers callers;

    @Inject
    JsonWebToken token;

    private final Timer decideTimer;

    /**
     * {@code tributary_governance_decision_seconds}: the decision of a whole batch inside the service (cached policies
     * and tables), without HTTP, token check or JSON; p50/p99 published, to hold against the 1 ms goal.
     */
    @Inject
    DecisionsResource(MeterRegistry registry) {
        decideTimer = Timer.builder("tributary.governance.decision")
                .description("Time to decide one batch of POST /decisions, without HTTP, token check or JSON")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /**
     * {@code {"principal": {"user", "client", "roles": [], "attributes": {}}, "action": "SELECT",
     * "tables": [{"table": "ns.t", "columns": []}]}}.
     */
    @POST
    @Path("/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DATA_ANALYST, Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN, Roles.DATA_PRODUCER})
    public ObjectNode decide(JsonNode body) {
        Identity caller = callers.identify(token);
        List<Problem.Violation> faults = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest(
                    "A decision request is a JSON object.",
                    List.of(new Problem.Violation("", "must be a JSON object")));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("principal", "action", "tables").contains(name)) {
                faults.add(new Problem.Violation("/" + name, "is not a field of a decision request"));
            }
        }
        Identity principal = principal(body.get("principal"), faults);
        Privilege privilege = null;
        JsonNode action = body.get("action");
        if (action == null || !action.isTextual()) {
            faults.add(new Problem.Violation("/action", "is required: SELECT, INSERT, MODIFY or MANAGE"));
        } else {
            try {
                privilege = Privilege.valueOf(action.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                faults.add(new Problem.Violation("/action", "must be SELECT, INSERT, MODIFY or MANAGE"));
            }
        }
        List<DecisionService.TableRequest> tables = tables(body.get("tables"), faults);
        if (!faults.isEmpty()) {
            throw ProblemException.badRequest("The decision request is invalid.", faults);
        }
        boolean steward =
                caller.roles().contains(Roles.DATA_STEWARD) || caller.roles().contains(Roles.PLATFORM_ADMIN);
        if (callers.trusted(caller)) {
            directory.record(principal);
        } else if (!steward) {
            // A user's own token asks for the user's own decisions, as that token describes the user.
            if (!java.util.Objects.equals(principal.user(), caller.user())) {
                throw new ProblemException(
                        io.tributary.contracts.problem.ProblemType.FORBIDDEN.problem(
                                "Decisions are asked for the token's own user, unless the caller is a trusted service or a steward."));
            }
            principal = caller;
        }
        Identity asked = principal;
        Privilege wanted = privilege;
        DecisionService.Batch batch = decideTimer.record(() -> decisions.decide(asked, wanted, tables));
        ObjectNode out = JSON.createObjectNode();
        out.put("policy-revision", batch.revision());
        out.set("principal", subject(batch));
        ArrayNode items = out.putArray("decisions");
        for (TableDecision decision : batch.decisions()) {
            items.add(DecisionJson.write(decision));
            if (!decision.allowed() && config.audit().denials()) {
                denials.denied(
                        batch.subject().name(),
                        "governance.decision." + decision.privilege().name().toLowerCase(Locale.ROOT),
                        "table:" + decision.table(),
                        decision.reason());
            }
        }
        return out;
    }

    /**
     * The effective decision of a user on a table ({@code action}, default SELECT), with the policy version (or the
     * ingest contract) behind each part. Roles and attributes are those of the user's last token, unless
     * {@code role}/{@code attribute=name:value} are given.
     */
    @GET
    @Path("/explain")
    @RolesAllowed({Roles.DATA_ANALYST, Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
    public ObjectNode explain(
            @QueryParam("principal") String user,
            @QueryParam("table") String table,
            @QueryParam("role") List<String> roles,
            @QueryParam("attribute") List<String> attributes,
            @QueryParam("action") String action) {
        Identity caller = callers.identify(token);
        if (user == null || user.isBlank() || user.length() > 255) {
            throw Requests.bad("principal", "is required: a user name");
        }
        Privilege privilege = Privilege.SELECT;
        if (action != null) {
            try {
                privilege = Privilege.valueOf(action.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Requests.bad("action", "must be SELECT, INSERT, MODIFY or MANAGE");
            }
        }
        TableRef ref;
        try {
            ref = TableRef.parse(table);
        } catch (IllegalArgumentException e) {
            throw Requests.bad("table", e.getMessage());
        }
        boolean steward =
                caller.roles().contains(Roles.DATA_STEWARD) || caller.roles().contains(Roles.PLATFORM_ADMIN);
        if (!steward && !user.equals(caller.user())) {
            throw new ProblemException(io.tributary.contracts.problem.ProblemType.FORBIDDEN.problem(
                    "Only stewards and admins explain the decisions of other users."));
        }
        Optional<Identity> known = user.equals(caller.user()) ? Optional.of(caller) : directory.find(user);
        Set<String> roleSet =
                roles == null || roles.isEmpty() ? known.map(Identity::roles).orElse(Set.of()) : new HashSet<>(roles);
        Map<String, String> attributeMap =
                new HashMap<>(known.map(Identity::attributes).orElse(Map.of()));
        if (attributes != null) {
            for (String pair : attributes) {
                int colon = pair.indexOf(':');
                if (colon <= 0) {
                    throw Requests.bad("attribute", "must be name:value");
                }
                attributeMap.put(pair.substring(0, colon), pair.substring(colon + 1));
            }
        }
        Identity principal = new Identity(user, known.map(Identity::client).orElse(null), roleSet, attributeMap);
        DecisionService.Batch batch =
                decisions.decide(principal, privilege, List.of(new DecisionService.TableRequest(ref, null)));
        ObjectNode out = JSON.createObjectNode();
        out.put("policy-revision", batch.revision());
        out.set("principal", subject(batch));
        out.put("principal-known", known.isPresent());
        out.set("decision", DecisionJson.write(batch.decisions().get(0)));
        return out;
    }

    private static ObjectNode subject(DecisionService.Batch batch) {
        ObjectNode node = JSON.createObjectNode();
        node.put("user", batch.subject().identity().user());
        node.put("client", batch.subject().identity().client());
        ArrayNode roles = node.putArray("roles");
        batch.subject().roles().stream().sorted().forEach(roles::add);
        ObjectNode attributes = node.putObject("attributes");
        batch.subject().identity().attributes().forEach(attributes::put);
        return node;
    }

    private static Identity principal(JsonNode node, List<Problem.Violation> faults) {
        if (node == null || !node.isObject()) {
            faults.add(new Problem.Violation(
                    "/principal", "is required: {\"user\", \"client\", \"roles\", \"attributes\"}"));
            return null;
        }
        String user = text(node, "user", "/principal/user", faults);
        String client = text(node, "client", "/principal/client", faults);
        if (user == null && client == null) {
            faults.add(new Problem.Violation("/principal/user", "a user or a client is required"));
        }
        Set<String> roles = new HashSet<>();
        JsonNode roleNode = node.get("roles");
        if (roleNode != null && !roleNode.isNull()) {
            if (!roleNode.isArray() || roleNode.size() > MAX_ROLES) {
                faults.add(new Problem.Violation(
                        "/principal/roles", "must be an array of at most " + MAX_ROLES + " role names"));
            } else {
                for (int i = 0; i < roleNode.size(); i++) {
                    JsonNode role = roleNode.get(i);
                    if (!role.isTextual()
                            || role.asText().isEmpty()
                            || role.asText().length() > 255) {
                        faults.add(new Problem.Violation("/principal/roles/" + i, "must be a role name"));
                    } else {
                        roles.add(role.asText());
                    }
                }
            }
        }
        Map<String, String> attributes = new HashMap<>();
        JsonNode attributeNode = node.get("attributes");
        if (attributeNode != null && !attributeNode.isNull()) {
            if (!attributeNode.isObject() || attributeNode.size() > MAX_ROLES) {
                faults.add(new Problem.Violation(
                        "/principal/attributes", "must be an object of at most " + MAX_ROLES + " string values"));
            } else {
                attributeNode.fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual() || e.getValue().asText().length() > 1024) {
                        faults.add(new Problem.Violation("/principal/attributes/" + e.getKey(), "must be a string"));
                    } else {
                        attributes.put(e.getKey(), e.getValue().asText());
                    }
                });
            }
        }
        return new Identity(user, client, roles, attributes);
    }

    private static String text(JsonNode node, String field, String pointer, List<Problem.Violation> faults) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > 255) {
            faults.add(new Problem.Violation(pointer, "must be a non-empty string of at most 255 characters"));
            return null;
        }
        return value.asText();
    }

    private static List<DecisionService.TableRequest> tables(JsonNode node, List<Problem.Violation> faults) {
        List<DecisionService.TableRequest> out = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            faults.add(new Problem.Violation(
                    "/tables", "is required: a non-empty array of {\"table\": \"ns.t\", \"columns\": []}"));
            return out;
        }
        if (node.size() > DecisionService.MAX_TABLES) {
            faults.add(new Problem.Violation("/tables", "holds more than " + DecisionService.MAX_TABLES + " tables"));
            return out;
        }
        int columnCount = 0;
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String pointer = "/tables/" + i;
            if (!item.isObject() || !item.path("table").isTextual()) {
                faults.add(new Problem.Violation(pointer + "/table", "is required: namespace.table"));
                continue;
            }
            TableRef ref;
            try {
                ref = TableRef.parse(item.get("table").asText());
            } catch (IllegalArgumentException e) {
                faults.add(new Problem.Violation(pointer + "/table", e.getMessage()));
                continue;
            }
            List<String> columns = new ArrayList<>();
            JsonNode columnNode = item.get("columns");
            if (columnNode != null && !columnNode.isNull()) {
                if (!columnNode.isArray()) {
                    faults.add(new Problem.Violation(pointer + "/columns", "must be an array of column names"));
                    continue;
                }
                columnCount += columnNode.size();
                if (columnCount > MAX_COLUMNS) {
                    faults.add(new Problem.Violation(
                            pointer + "/columns", "the request names more than " + MAX_COLUMNS + " columns"));
                    return out;
                }
                for (int j = 0; j < columnNode.size(); j++) {
                    if (!columnNode.get(j).isTextual()) {
                        faults.add(new Problem.Violation(pointer + "/columns/" + j, "must be a column name"));
                    } else {
                        columns.add(columnNode.get(j).asText());
                    }
                }
            }
            out.add(new DecisionService.TableRequest(ref, columns));
        }
        return out;
    }
}
