package io.tributary.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.contracts.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/** Writes problem+json answers on Vert.x routes, where the JAX-RS exception mappers do not reach. */
@ApplicationScoped
public class GatewayProblems {

    private static final Logger LOG = Logger.getLogger(GatewayProblems.class);
    private static final String ICEBERG_PREFIX = "/iceberg/";

    private final ObjectMapper json;

    GatewayProblems(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Answers with {@code problem}, its instance set to the request id. Does nothing if the response has already
     * started: then the status is on the wire and the only honest signal left is closing the connection.
     */
    public void send(RoutingContext ctx, Problem problem, Map<String, String> headers) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        String requestId = response.headers().get(Correlation.REQUEST_ID);
        Problem body = problem.instance() == null && requestId != null ? problem.withInstance(requestId) : problem;
        boolean iceberg = ctx.normalizedPath().startsWith(ICEBERG_PREFIX);
        String text;
        try {
            text = json.writeValueAsString(iceberg ? icebergError(body) : body);
        } catch (JsonProcessingException impossible) {
            LOG.error("Cannot serialize a problem", impossible);
            text = "{\"status\":" + body.status() + "}";
        }
        response.setStatusCode(body.status())
                .putHeader("Content-Type", iceberg ? "application/json" : Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        discardRequestBody(ctx.request());
        response.end(text);
    }

    /** Iceberg clients parse only Iceberg's ErrorModel, so errors on the Iceberg REST routes use its shape. */
    static Map<String, Object> icebergError(Problem problem) {
        String type = switch (problem.status()) {
            case 401 -> "NotAuthorizedException";
            case 403 -> "ForbiddenException";
            case 429 -> "TooManyRequestsException";
            case 502 -> "BadGatewayException";
            case 503 -> "ServiceUnavailableException";
            case 504 -> "GatewayTimeoutException";
            default -> problem.status() >= 500 ? "ServiceFailureException" : "BadRequestException";
        };
        String message = problem.detail() == null ? problem.title() : problem.detail();
        return Map.of("error", Map.of("message", message, "type", type, "code", problem.status()));
    }

    public void send(RoutingContext ctx, Problem problem) {
        send(ctx, problem, Map.of());
    }

    /** Reads and drops an unread body, so the connection stays usable for the caller's next request. */
    static void discardRequestBody(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.handler(ignored -> {});
            request.resume();
        }
    }
}
