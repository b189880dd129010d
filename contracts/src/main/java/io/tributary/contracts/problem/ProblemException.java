package io.tributary.contracts.problem;

import java.util.List;
import java.util.Map;

/** Thrown by a service's core or REST layer to answer with a specific problem. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail());
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    /** Extra response headers, such as {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException badRequest(String detail, List<Problem.Violation> violations) {
        return new ProblemException(Problem.typed("invalid-request", 400, "Invalid request", detail, violations));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.typed("not-found", 404, "Not found", detail, List.of()));
    }

    public static ProblemException conflict(String detail, List<Problem.Violation> violations) {
        return new ProblemException(Problem.typed("conflict", 409, "Conflict", detail, violations));
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(Problem.typed("unavailable", 503, "Service unavailable", detail, List.of()),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }
}
