package io.tributary.gateway.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Mounts the proxy on the HTTP router. Plain Vert.x routes rather than JAX-RS, so bodies stream instead of being
 * read into memory. {@code /api/gateway/**} is deliberately absent: the gateway's own endpoints are served here.
 */
@ApplicationScoped
public class ProxyRoutes {

    private static final Logger LOG = Logger.getLogger(ProxyRoutes.class);

    void register(@Observes Router router, ProxyHandler handler, GatewayProblems problems) {
        for (ProxyRoute route : ProxyRoute.values()) {
            router.route(route.prefix() + "/*")
                    // After Quarkus' security filters (negative orders), before the JAX-RS catch-all.
                    .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                    .handler(ctx -> handler.handle(ctx, route))
                    .failureHandler(ctx -> failed(ctx, handler, problems));
        }
    }

    private static void failed(RoutingContext ctx, ProxyHandler handler, GatewayProblems problems) {
        Throwable failure = ctx.failure();
        if (ProxyHandler.isAuthenticationFailure(failure)) {
            handler.authenticationFailed(ctx, failure);
            return;
        }
        if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            int status = ctx.statusCode();
            problems.send(
                    ctx, Problem.of(status, HttpResponseStatus.valueOf(status).reasonPhrase(), null));
            return;
        }
        LOG.error("Proxy route failed", failure);
        problems.send(ctx, ProblemType.INTERNAL.problem("The gateway failed to process the request."));
    }
}
