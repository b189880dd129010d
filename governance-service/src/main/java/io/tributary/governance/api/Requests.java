package io.tributary.governance.api;

import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import java.util.List;
import java.util.UUID;

/** Small checks of path and query parameters, answered as 400 problems naming the parameter. */
final class Requests {

    private Requests() {}

    static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw bad("id", "must be a policy id (a UUID)");
        }
    }

    static ProblemException bad(String parameter, String message) {
        return ProblemException.badRequest(
                "The request is invalid.", List.of(new Problem.Violation(parameter, message)));
    }

    static int limit(Integer limit, int max) {
        if (limit == null) {
            return Math.min(100, max);
        }
        if (limit < 1 || limit > max) {
            throw bad("limit", "must be from 1 to " + max);
        }
        return limit;
    }
}
