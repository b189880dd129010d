package io.tributary.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.query.core.AsOf;
import io.tributary.query.core.EngineKind;
import io.tributary.query.core.StatementRequest;
import io.tributary.query.core.TableName;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code POST /statements} bodies, naming every faulty field with a JSON pointer. */
final class StatementRequestReader {

    private static final Set<String> FIELDS = Set.of("sql", "engine", "as-of", "max-rows", "timeout-ms");

    private StatementRequestReader() {}

    static StatementRequest read(JsonNode body) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest(
                    "The body must be a JSON object with at least \"sql\".",
                    List.of(new Problem.Violation("", "expected an object")));
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                violations.add(new Problem.Violation("/" + name, "unknown field; expected one of " + FIELDS));
            }
        });
        JsonNode sqlNode = body.path("sql");
        String sql = sqlNode.isTextual() ? sqlNode.asText() : null;
        if (sql == null || sql.isBlank()) {
            violations.add(new Problem.Violation("/sql", "required: the SQL text"));
        }
        EngineKind engine = EngineKind.AUTO;
        if (body.hasNonNull("engine")) {
            engine = body.path("engine").isTextual()
                    ? EngineKind.of(body.path("engine").asText())
                    : null;
            if (engine == null) {
                violations.add(new Problem.Violation("/engine", "expected auto, duckdb or trino"));
            }
        }
        Long maxRows = null;
        if (body.hasNonNull("max-rows")) {
            if (body.path("max-rows").canConvertToLong()
                    && body.path("max-rows").isIntegralNumber()
                    && body.path("max-rows").asLong() >= 0) {
                maxRows = body.path("max-rows").asLong();
            } else {
                violations.add(new Problem.Violation("/max-rows", "expected a whole number of rows, 0 or more"));
            }
        }
        Duration timeout = null;
        if (body.hasNonNull("timeout-ms")) {
            if (body.path("timeout-ms").isIntegralNumber()
                    && body.path("timeout-ms").asLong() > 0) {
                timeout = Duration.ofMillis(body.path("timeout-ms").asLong());
            } else {
                violations.add(new Problem.Violation("/timeout-ms", "expected a whole number of milliseconds above 0"));
            }
        }
        AsOf asOf = AsOf.CURRENT;
        JsonNode asOfNode = body.path("as-of");
        if (!asOfNode.isMissingNode() && !asOfNode.isNull()) {
            if (asOfNode.isObject()) {
                Map<TableName, AsOf.Point> perTable = new HashMap<>();
                AsOf.Point all = null;
                Iterator<Map.Entry<String, JsonNode>> fields = asOfNode.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    String pointer =
                            "/as-of/" + field.getKey().replace("~", "~0").replace("/", "~1");
                    AsOf.Point point = point(field.getValue(), pointer, violations);
                    if ("*".equals(field.getKey())) {
                        all = point;
                        continue;
                    }
                    TableName table = TableName.parse(field.getKey());
                    if (table == null) {
                        violations.add(new Problem.Violation(pointer, "expected namespace.table or *"));
                    } else if (point != null) {
                        perTable.put(table, point);
                    }
                }
                asOf = new AsOf(all, perTable);
            } else {
                asOf = new AsOf(point(asOfNode, "/as-of", violations), Map.of());
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest("The statement request is invalid.", violations);
        }
        return new StatementRequest(sql, engine, asOf, maxRows, timeout);
    }

    private static AsOf.Point point(JsonNode node, String pointer, List<Problem.Violation> violations) {
        if (node.isIntegralNumber()) {
            return AsOf.Point.snapshot(node.asLong());
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (text.matches("-?\\d+")) {
                return AsOf.Point.snapshot(Long.parseLong(text));
            }
            try {
                return AsOf.Point.at(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException e) {
                try {
                    return AsOf.Point.at(Instant.parse(text));
                } catch (DateTimeParseException again) {
                    // reported below
                }
            }
        }
        violations.add(new Problem.Violation(pointer, "expected a snapshot id or an ISO-8601 timestamp with zone"));
        return null;
    }
}
