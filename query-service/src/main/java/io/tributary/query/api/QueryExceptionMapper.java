package io.tributary.query.api;

import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.contracts.problem.jaxrs.ProblemResponses;
import io.tributary.query.core.InvalidRequestException;
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
                ProblemType.SQL_SYNTAX.problem(
                        detail,
                        exception.line() == null
                                ? List.of()
                                : List.of(new Problem.Violation(
                                        "/sql", "line " + exception.line() + ", column " + exception.column())));
            case INVALID_REQUEST ->
                exception instanceof InvalidRequestException invalid
                        ? ProblemType.INVALID_REQUEST.problem(
                                detail,
                                invalid.faults().stream()
                                        .map(fault -> new Problem.Violation(fault.pointer(), fault.message()))
                                        .toList())
                        : ProblemType.INVALID_REQUEST.problem(detail);
            case NOT_ALLOWED -> ProblemType.STATEMENT_NOT_ALLOWED.problem(detail);
            case UNKNOWN_TABLE -> ProblemType.UNKNOWN_TABLE.problem(detail);
            case UNKNOWN_SNAPSHOT -> ProblemType.NOT_FOUND.problem(detail);
            case ACCESS_DENIED -> ProblemType.ACCESS_DENIED.problem(detail);
            case TOO_LARGE -> ProblemType.RESULT_TOO_LARGE.problem(detail);
            case UNSUPPORTED -> ProblemType.UNSUPPORTED_BY_ENGINE.problem(detail);
            case TOO_MANY_STATEMENTS -> ProblemType.TOO_MANY_STATEMENTS.problem(detail);
            case TIMED_OUT -> ProblemType.STATEMENT_TIMED_OUT.problem(detail);
            case CANCELLED -> ProblemType.STATEMENT_CANCELLED.problem(detail);
            case EXECUTION -> ProblemType.STATEMENT_FAILED.problem(detail);
            case UNKNOWN_STATEMENT -> ProblemType.NOT_FOUND.problem(detail);
            case PAGE_GONE -> ProblemType.PAGE_GONE.problem(detail);
            case UNAVAILABLE -> ProblemType.UNAVAILABLE.problem(detail);
        };
    }
}
