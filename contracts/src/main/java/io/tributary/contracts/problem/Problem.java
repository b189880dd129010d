package io.tributary.contracts.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error response outside the Iceberg REST API. The kinds of problem,
 * with their type URI, title and status, are listed in {@link ProblemType}.
 *
 * @param type     a URI naming the kind of problem; {@code about:blank} when the status says it all
 * @param title    a short summary of the kind of problem, the same for every occurrence
 * @param status   the HTTP status code
 * @param detail   what went wrong in this occurrence, for a human; never a stack trace
 * @param instance the request id of this occurrence, so a user can quote it to an operator
 * @param errors   the individual violations, each naming the field or record at fault
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://tributary.io/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, List.of());
    }

    public Problem withInstance(String newInstance) {
        return new Problem(type, title, status, detail, newInstance, errors);
    }

    /**
     * One thing wrong with the input.
     *
     * @param pointer a JSON pointer (RFC 6901) or a parameter name locating the fault
     * @param message what is wrong there
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Violation(String pointer, String message) {}
}
