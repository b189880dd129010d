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
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException impossible) {
            LOG.error("Cannot serialize a problem", impossible);
            text = "{\"status\":" + body.status() + "}";
        }
        response.setStatusCode(body.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        discardRequestBody(ctx.request());
        response.end(text);
    }

    public void send(RoutingContext ctx, Problem problem) {
        send(ctx, problem, Map.of());
    }

    /** Reads and drops an unread body, so the connection stays usable for the caller's next request. */
    static void discardRequestBody(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.handler(ignored -> {
            });
            request.resume();
        }
    }
}
