package io.tributary.auth.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.contracts.problem.jaxrs.ProblemResponses;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request body declared larger than {@code quarkus.http.limits.max-body-size} gets a 413 problem naming the limit;
 * Vert.x's own check, which would otherwise answer first, sends an empty 413.
 */
@ApplicationScoped
public class BodyLimit {

    /** Runs before Vert.x's upload limit (route order -2): a filter's route order is minus its priority. */
    private static final int PRIORITY = 100;

    void register(
            @Observes Filters filters,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit,
            ObjectMapper json) {
        long max = limit.asLongValue();
        filters.register(
                context -> {
                    String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
                    if (declared == null || !tooLarge(declared, max)) {
                        context.next();
                        return;
                    }
                    Problem problem = ProblemType.TOO_LARGE.problem("The request body has " + declared.trim()
                            + " bytes; at most " + max + " bytes (" + describe(max) + ") are accepted.");
                    String requestId = context.request().getHeader(ProblemResponses.REQUEST_ID_HEADER);
                    if (requestId != null) {
                        problem = problem.withInstance(requestId);
                    }
                    String body;
                    try {
                        body = json.writeValueAsString(problem);
                    } catch (JsonProcessingException e) {
                        body = "{\"status\":413}";
                    }
                    // The body is never read, so the connection cannot carry another request.
                    context.response()
                            .setStatusCode(413)
                            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(body);
                },
                PRIORITY);
    }

    private static boolean tooLarge(String declared, long max) {
        try {
            return Long.parseLong(declared.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String describe(long bytes) {
        return bytes % (1024 * 1024) == 0
                ? bytes / (1024 * 1024) + " MiB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
