package io.tributary.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.query.core.CheckRequest;
import io.tributary.query.core.TableName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@code POST /checks} bodies, naming every faulty field with a JSON pointer. */
final class CheckRequestReader {

    static final int MAX_QUERIES = 50;
    static final int DEFAULT_MAX_ROWS = 1000;
    static final int MAX_ROWS = 10_000;
    static final int MAX_ID_LENGTH = 200;

    private static final Set<String> FIELDS = Set.of("table", "snapshot-id", "new-rows-after", "queries", "max-rows");
    private static final Set<String> QUERY_FIELDS = Set.of("id", "sql");

    private CheckRequestReader() {}

    static CheckRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest(
                    "The body must be a JSON object with \"table\" and \"queries\".",
                    List.of(new Problem.Violation("", "expected an object")));
        }
        List<Problem.Violation> violations = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                violations.add(new Problem.Violation("/" + name, "unknown field; expected one of " + FIELDS));
            }
        });
        TableName table = body.path("table").isTextual()
                ? TableName.parse(body.path("table").asText())
                : null;
        if (table == null) {
            violations.add(new Problem.Violation("/table", "required: the table as namespace.table"));
        }
        Long snapshotId = snapshot(body, "snapshot-id", violations);
        Long after = snapshot(body, "new-rows-after", violations);
        int maxRows = DEFAULT_MAX_ROWS;
        if (body.hasNonNull("max-rows")) {
            JsonNode node = body.path("max-rows");
            if (node.isIntegralNumber() && node.asLong() >= 0 && node.asLong() <= MAX_ROWS) {
                maxRows = node.asInt();
            } else {
                violations.add(new Problem.Violation("/max-rows", "expected a whole number from 0 to " + MAX_ROWS));
            }
        }
        List<CheckRequest.Query> queries = queries(body.path("queries"), violations);
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest("The checks request is invalid.", violations);
        }
        return new CheckRequest(table, snapshotId, after, queries, maxRows);
    }

    private static Long snapshot(JsonNode body, String field, List<Problem.Violation> violations) {
        if (!body.hasNonNull(field)) {
            return null;
        }
        JsonNode node = body.path(field);
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        violations.add(new Problem.Violation("/" + field, "expected a snapshot id (a whole number)"));
        return null;
    }

    private static List<CheckRequest.Query> queries(JsonNode node, List<Problem.Violation> violations) {
        if (!node.isArray() || node.isEmpty()) {
            violations.add(new Problem.Violation("/queries", "required: 1 to " + MAX_QUERIES + " queries"));
            return List.of();
        }
        if (node.size() > MAX_QUERIES) {
            violations.add(new Problem.Violation(
                    "/queries", "at most " + MAX_QUERIES + " queries per request; found " + node.size()));
            return List.of();
        }
        List<CheckRequest.Query> queries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode query = node.get(i);
            String pointer = "/queries/" + i;
            if (!query.isObject()) {
                violations.add(new Problem.Violation(pointer, "expected an object with id and sql"));
                continue;
            }
            query.fieldNames().forEachRemaining(name -> {
                if (!QUERY_FIELDS.contains(name)) {
                    violations.add(new Problem.Violation(
                            pointer + "/" + name, "unknown field; expected one of " + QUERY_FIELDS));
                }
            });
            JsonNode id = query.path("id");
            String text = id.isTextual() ? id.asText() : null;
            if (text == null || text.isBlank() || text.length() > MAX_ID_LENGTH) {
                violations.add(new Problem.Violation(
                        pointer + "/id", "required: a non-empty text of at most " + MAX_ID_LENGTH + " characters"));
            } else if (!ids.add(text)) {
                violations.add(new Problem.Violation(pointer + "/id", "duplicate id '" + text + "'; ids are unique"));
            }
            JsonNode sql = query.path("sql");
            if (!sql.isTextual() || sql.asText().isBlank()) {
                violations.add(new Problem.Violation(pointer + "/sql", "required: the SQL text"));
            }
            if (text != null && sql.isTextual()) {
                queries.add(new CheckRequest.Query(text, sql.asText()));
            }
        }
        return queries;
    }
}
