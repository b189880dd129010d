package io.tributary.query.engine.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.query.core.QueryException;

/** A Trino query's {@code error} as the reason the service answers with, so that both engines fail alike. */
public final class TrinoErrors {

    private TrinoErrors() {}

    public static QueryException translate(JsonNode error) {
        String name = error.path("errorName").asText("");
        String message = error.path("message").asText("Trino failed the statement.");
        return switch (name) {
            case "SYNTAX_ERROR" -> {
                JsonNode location = error.path("errorLocation");
                Integer line = location.hasNonNull("lineNumber")
                        ? location.get("lineNumber").asInt()
                        : null;
                Integer column = location.hasNonNull("columnNumber")
                        ? location.get("columnNumber").asInt()
                        : null;
                yield new QueryException(QueryException.Reason.SYNTAX, "Syntax error: " + message, line, column, null);
            }
            case "TABLE_NOT_FOUND", "SCHEMA_NOT_FOUND", "CATALOG_NOT_FOUND" ->
                new QueryException(QueryException.Reason.UNKNOWN_TABLE, message);
            case "PERMISSION_DENIED" -> new QueryException(QueryException.Reason.ACCESS_DENIED, message);
            case "USER_CANCELED", "ADMINISTRATIVELY_KILLED" ->
                new QueryException(QueryException.Reason.CANCELLED, "The statement was cancelled: " + message);
            case "EXCEEDED_TIME_LIMIT" ->
                new QueryException(QueryException.Reason.TIMED_OUT, "The statement ran out of time: " + message);
            default -> new QueryException(QueryException.Reason.EXECUTION, message);
        };
    }
}
