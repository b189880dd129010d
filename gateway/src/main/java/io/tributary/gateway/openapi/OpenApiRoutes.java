package io.tributary.gateway.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.gateway.config.Backend;
import io.tributary.gateway.proxy.Correlation;
import io.tributary.gateway.proxy.GatewayProblems;
import io.tributary.gateway.proxy.UpstreamFailure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * {@code GET /openapi} (the merged document) and {@code GET /openapi/{service}} (one service's). Public, like the
 * services' own {@code /q/openapi}: API documentation is no secret.
 */
@ApplicationScoped
public class OpenApiRoutes {

    private final OpenApiAggregator aggregator;
    private final GatewayProblems problems;
    private final ObjectMapper json;

    OpenApiRoutes(OpenApiAggregator aggregator, GatewayProblems problems, ObjectMapper json) {
        this.aggregator = aggregator;
        this.problems = problems;
        this.json = json;
    }

    void register(@Observes Router router) {
        int order = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT;
        router.route(HttpMethod.GET, "/openapi").order(order).handler(this::merged);
        router.route(HttpMethod.GET, "/openapi/:service").order(order).handler(this::single);
    }

    private void merged(RoutingContext ctx) {
        correlate(ctx);
        Context context = Vertx.currentContext();
        aggregator
                .merged()
                .whenComplete((document, failure) -> context.runOnContext(ignored -> {
                    if (failure != null) {
                        problems.send(ctx, ProblemType.INTERNAL.problem("The merged API document could not be built."));
                        return;
                    }
                    try {
                        ctx.response()
                                .putHeader("Content-Type", "application/json")
                                .end(json.writeValueAsString(document));
                    } catch (JsonProcessingException impossible) {
                        problems.send(ctx, ProblemType.INTERNAL.problem(impossible.getOriginalMessage()));
                    }
                }));
    }

    private void single(RoutingContext ctx) {
        correlate(ctx);
        String name = ctx.pathParam("service");
        Optional<Backend> backend = Backend.byName(name);
        if (backend.isEmpty()) {
            problems.send(
                    ctx,
                    ProblemType.GATEWAY_NOT_FOUND.problem(
                            "No service named '" + name + "'; try catalog, ingest, query or governance."));
            return;
        }
        aggregator.document(backend.get()).onComplete(fetched -> {
            if (fetched.succeeded()) {
                ctx.response().putHeader("Content-Type", "application/json").end(fetched.result());
            } else if (fetched.cause() instanceof OpenApiAggregator.NotADocument notADocument) {
                problems.send(ctx, ProblemType.BAD_GATEWAY.problem(notADocument.getMessage()));
            } else {
                problems.send(ctx, UpstreamFailure.classify(fetched.cause()).problem(backend.get()));
            }
        });
    }

    private static void correlate(RoutingContext ctx) {
        Correlation correlation = Correlation.of(
                ctx.request().getHeader(Correlation.REQUEST_ID), ctx.request().getHeader(Correlation.TRACEPARENT));
        ctx.response()
                .putHeader(Correlation.REQUEST_ID, correlation.requestId())
                .putHeader(Correlation.TRACEPARENT, correlation.traceparent());
    }
}
