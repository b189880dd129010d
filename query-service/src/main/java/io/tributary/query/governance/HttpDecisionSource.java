package io.tributary.query.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.query.core.Caller;
import io.tributary.query.core.DecisionSource;
import io.tributary.query.core.QueryException;
import io.tributary.query.core.TableAccess;
import io.tributary.query.core.TableName;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Governance's decision API, {@code POST /api/governance/v1/decisions}, asked with the caller's own token so that
 * governance decides for exactly that identity. One request per statement covers every table it reads.
 *
 * <p>Request: {@code {"principal": {"user", "client", "roles", "attributes"}, "action": "SELECT", "tables":
 * [{"table": "ns.t", "columns": [...]}]}}. Answer: {@code {"decisions": [{"table", "allowed", "reason", "columns":
 * [names], "masks": {column: {"duckdb", "trino", "expression", "function", "policy": {"id", "version"}}},
 * "row-filter": null | {"duckdb", "trino", "expression", "policies": [{"id", "version"}]}}]}}; the expression
 * rendered for the engine that runs the statement is used.
 */
public final class HttpDecisionSource implements DecisionSource {

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;
    private final ObjectMapper json;

    public HttpDecisionSource(String governanceUrl, Duration timeout, ObjectMapper json) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.endpoint = URI.create(governanceUrl.replaceAll("/+$", "") + "/api/governance/v1/decisions");
        this.timeout = timeout;
        this.json = json;
    }

    @Override
    public Map<TableName, TableAccess> decide(Caller caller, String engine, List<TableColumns> tables) {
        ObjectNode body = json.createObjectNode();
        ObjectNode principal = body.putObject("principal");
        principal.put("user", caller.principal());
        if (caller.client() != null) {
            principal.put("client", caller.client());
        }
        caller.roles().forEach(principal.putArray("roles")::add);
        ObjectNode attributes = principal.putObject("attributes");
        caller.attributes().forEach(attributes::put);
        body.put("action", "SELECT");
        ArrayNode list = body.putArray("tables");
        for (TableColumns table : tables) {
            ObjectNode entry = list.addObject();
            entry.put("table", table.table().toString());
            table.columns().forEach(entry.putArray("columns")::add);
        }
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(endpoint)
                            .timeout(timeout)
                            .header("Authorization", "Bearer " + caller.bearerToken())
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable("cannot be reached (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("was not asked: interrupted", e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new QueryException(
                    QueryException.Reason.ACCESS_DENIED,
                    "Governance refused to decide for you" + " (HTTP " + response.statusCode() + ").");
        }
        if (response.statusCode() != 200) {
            throw unavailable("answered HTTP " + response.statusCode(), null);
        }
        try {
            return parse(json.readTree(response.body()), engine);
        } catch (IOException | RuntimeException e) {
            throw unavailable("answered with a body that is not a decision", e);
        }
    }

    static Map<TableName, TableAccess> parse(JsonNode answer, String engine) {
        Map<TableName, TableAccess> decisions = new HashMap<>();
        for (JsonNode decision : answer.path("decisions")) {
            TableName table = TableName.parse(decision.path("table").asText());
            if (table == null) {
                throw new IllegalArgumentException("a decision without a namespace.table");
            }
            if (!decision.path("allowed").asBoolean(false)) {
                decisions.put(
                        table, TableAccess.denied(table, decision.path("reason").asText(null)));
                continue;
            }
            JsonNode masks = decision.path("masks");
            List<TableAccess.ColumnAccess> columns = new ArrayList<>();
            for (JsonNode column : decision.path("columns")) {
                String name = column.isTextual()
                        ? column.asText()
                        : column.path("name").asText();
                JsonNode mask = masks.path(name);
                if (mask.isMissingNode() || mask.isNull()) {
                    columns.add(TableAccess.ColumnAccess.plain(name));
                } else {
                    columns.add(
                            new TableAccess.ColumnAccess(name, rendered(mask, engine), policy(mask.path("policy"))));
                }
            }
            JsonNode filter = decision.path("row-filter");
            String rowFilter = null;
            List<String> policies = new ArrayList<>();
            if (filter.isObject()) {
                rowFilter = rendered(filter, engine);
                filter.path("policies").forEach(policy -> policies.add(policy(policy)));
            }
            decisions.put(table, new TableAccess(table, true, null, columns, rowFilter, policies));
        }
        return decisions;
    }

    /** The expression in the engine's dialect; governance also renders a neutral one, used only as a fallback. */
    private static String rendered(JsonNode expression, String engine) {
        JsonNode dialect = expression.path(engine);
        String text = dialect.isTextual()
                ? dialect.asText()
                : expression.path("expression").asText(null);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a mask or row filter without an expression");
        }
        return text;
    }

    private static String policy(JsonNode policy) {
        if (policy.isTextual()) {
            return policy.asText();
        }
        if (!policy.hasNonNull("id")) {
            return null;
        }
        return policy.path("id").asText()
                + (policy.hasNonNull("version") ? " v" + policy.path("version").asText() : "");
    }

    private static QueryException unavailable(String what, Throwable cause) {
        return new QueryException(
                QueryException.Reason.UNAVAILABLE,
                "Governance " + what + "; no statement runs without its decision.",
                cause);
    }
}
