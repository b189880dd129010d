package io.tributary.contracts.problem;

import java.util.List;
import java.util.Map;

/**
 * Thrown by a REST layer to answer with a specific problem. Cores throw their own exceptions instead, which the
 * service's one exception mapper translates.
 */
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
        return new ProblemException(ProblemType.INVALID_REQUEST.problem(detail, violations));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND.problem(detail));
    }

    public static ProblemException conflict(String detail, List<Problem.Violation> violations) {
        return new ProblemException(ProblemType.CONFLICT.problem(detail, violations));
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(
                ProblemType.UNAVAILABLE.problem(detail), Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }
}
