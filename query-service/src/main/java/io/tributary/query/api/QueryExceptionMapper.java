package io.tributary.query.api;

import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.contracts.problem.jaxrs.ProblemResponses;
import io.tributary.query.core.QueryException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/** The one place a statement's failure becomes an HTTP answer: each reason has its status and problem type. */
@Provider
public class QueryExceptionMapper implements ExceptionMapper<QueryException> {

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(QueryException exception) {
        Map<String, String> extra = switch (exception.reason()) {
            case TOO_MANY_STATEMENTS -> Map.of("Retry-After", "1");
            case UNAVAILABLE -> Map.of("Retry-After", "5");
            default -> Map.of();
        };
        return ProblemResponses.of(problem(exception), headers, extra);
    }

    static Problem problem(QueryException exception) {
        String detail = exception.getMessage();
        return switch (exception.reason()) {
            case SYNTAX ->
                typed(
                        "sql-syntax",
                        400,
                        "SQL syntax error",
                        detail,
                        exception.line() == null
                                ? List.of()
                                : List.of(new Problem.Violation(
                                        "/sql", "line " + exception.line() + ", column " + exception.column())));
            case INVALID_REQUEST -> ProblemType.INVALID_REQUEST.problem(detail);
            case NOT_ALLOWED -> typed("statement-not-allowed", 403, "Statement not allowed", detail, List.of());
            case UNKNOWN_TABLE -> typed("unknown-table", 404, "Unknown table", detail, List.of());
            case ACCESS_DENIED -> typed("access-denied", 403, "Forbidden", detail, List.of());
            case TOO_LARGE -> typed("result-too-large", 413, "Content Too Large", detail, List.of());
            case UNSUPPORTED -> typed("unsupported-by-engine", 422, "Not supported by the engine", detail, List.of());
            case TOO_MANY_STATEMENTS -> typed("too-many-statements", 429, "Too Many Requests", detail, List.of());
            case TIMED_OUT -> typed("statement-timed-out", 422, "Statement timed out", detail, List.of());
            case CANCELLED -> typed("statement-cancelled", 410, "Statement cancelled", detail, List.of());
            case EXECUTION -> typed("statement-failed", 422, "Statement failed", detail, List.of());
            case UNKNOWN_STATEMENT -> ProblemType.NOT_FOUND.problem(detail);
            case PAGE_GONE -> typed("page-gone", 410, "Gone", detail, List.of());
            case UNAVAILABLE -> ProblemType.UNAVAILABLE.problem(detail);
        };
    }

    private static Problem typed(
            String type, int status, String title, String detail, List<Problem.Violation> violations) {
        return new Problem(Problem.TYPE_BASE + type, title, status, detail, null, violations);
    }
}
