package io.tributary.gateway.proxy;

import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.tributary.auth.TokenRejection;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.gateway.config.GatewayConfig;
import io.tributary.gateway.ratelimit.ClientRateLimiter;
import io.tributary.gateway.ratelimit.RateLimitDecision;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The gate every proxied request passes: request id and trace context, bearer token, rate limit. Only then does a
 * {@link ProxyExchange} forward it. The body stays paused on the socket until then, so rejected uploads cost nothing.
 */
@ApplicationScoped
public class ProxyHandler {

    private static final Logger LOG = Logger.getLogger(ProxyHandler.class);

    private final BackendClients clients;
    private final GatewayProblems problems;
    private final GatewayMetrics metrics;
    private final GatewayConfig config;
    private final ClientRateLimiter limiter;

    ProxyHandler(BackendClients clients, GatewayProblems problems, GatewayMetrics metrics, GatewayConfig config) {
        this.clients = clients;
        this.problems = problems;
        this.metrics = metrics;
        this.config = config;
        GatewayConfig.RateLimit rateLimit = config.rateLimit();
        this.limiter = new ClientRateLimiter(rateLimit.requestsPerSecond(), rateLimit.burst(), rateLimit.maxClients());
    }

    public void handle(RoutingContext ctx, ProxyRoute route) {
        HttpServerRequest request = ctx.request();
        request.pause();
        Correlation correlation =
                Correlation.of(request.getHeader(Correlation.REQUEST_ID), request.getHeader(Correlation.TRACEPARENT));
        HttpServerResponse response = ctx.response();
        // Set before anything can fail, so every answer (errors included) carries both.
        response.putHeader(Correlation.REQUEST_ID, correlation.requestId());
        response.putHeader(Correlation.TRACEPARENT, correlation.traceparent());
        ctx.addHeadersEndHandler(ignored -> metrics.answered(route, response.getStatusCode()));

        // Routing used the normalized path but the raw one is forwarded: refuse dot segments that would make the
        // backend see a path outside the route the gateway chose.
        if (!route.covers(request.path())) {
            problems.send(
                    ctx, ProblemType.BAD_PATH.problem("The path leaves " + route.prefix() + " through dot segments."));
            return;
        }
        // Junk that no key could verify is refused here, so it never sends the verifier to Keycloak for keys.
        String token = bearerToken(request);
        Optional<TokenRejection> unverifiable = token == null ? Optional.empty() : TokenRejection.precheck(token);
        if (unverifiable.isPresent()) {
            rejected(ctx, unverifiable.get(), null);
            return;
        }
        Context requestContext = Vertx.currentContext();
        QuarkusHttpUser.getSecurityIdentity(ctx, null)
                .subscribe()
                .with(
                        identity -> onContext(
                                requestContext,
                                () -> authenticated(ctx, route, correlation, ClientAuthentication.clientId(identity))),
                        failure -> onContext(requestContext, () -> authenticationFailed(ctx, failure)));
    }

    /**
     * Authentication did not produce an identity. Quarkus also reports this to the route's failure handler, so it
     * runs from both places and answers once.
     */
    void authenticationFailed(RoutingContext ctx, Throwable failure) {
        if (isIdentityProviderDown(failure)) {
            if (!ctx.response().headWritten()) {
                LOG.warnf("Cannot validate tokens, the identity provider is unreachable: %s", failure.getMessage());
            }
            problems.send(
                    ctx,
                    ProblemType.GATEWAY_IDENTITY_PROVIDER_UNAVAILABLE.problem(
                            "Tokens cannot be validated right now because the identity provider is unreachable."),
                    Map.of("Retry-After", Integer.toString(config.unavailableRetryAfterSeconds())));
            return;
        }
        rejected(ctx, TokenRejection.classify(bearerToken(ctx.request()), failure), failure);
    }

    private void rejected(RoutingContext ctx, TokenRejection rejection, Throwable failure) {
        LOG.debugf(
                "Token rejected on %s (%s): %s",
                ctx.request().path(),
                rejection.reason(),
                failure == null ? "refused before verification" : failure.getMessage());
        unauthenticated(ctx, rejection.detail(), rejection.challenge());
    }

    /** Whether a failure of authentication is one Quarkus reports for a request (as opposed to a bug). */
    static boolean isAuthenticationFailure(Throwable failure) {
        return failure instanceof AuthenticationFailedException
                || isIdentityProviderDown(failure)
                || failure != null && failure.getCause() instanceof AuthenticationFailedException;
    }

    // A bad token is the caller's problem (401); an unreachable Keycloak is ours (503), and retrying helps. With JWT
    // introspection off, OIDCException only comes from failing to talk to Keycloak (discovery, keys), never from a
    // token.
    private static boolean isIdentityProviderDown(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OIDCException
                    || t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /** The bearer token of the request, or null when it has none. */
    static String bearerToken(HttpServerRequest request) {
        return TokenRejection.bearerToken(request.getHeader("Authorization"));
    }

    private void authenticated(
            RoutingContext ctx, ProxyRoute route, Correlation correlation, Optional<String> clientId) {
        if (clientId.isEmpty()) {
            unauthenticated(ctx, "A valid bearer token is required.", "Bearer");
            return;
        }
        RateLimitDecision decision = limiter.tryAcquire(clientId.get());
        if (!decision.allowed()) {
            metrics.rateLimited(route);
            problems.send(
                    ctx,
                    ProblemType.RATE_LIMITED.problem("Client '" + clientId.get() + "' exceeded "
                            + config.rateLimit().requestsPerSecond() + " requests per second."),
                    Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
            return;
        }
        try {
            new ProxyExchange(ctx, route, correlation, clients, problems, metrics, config).start();
        } catch (RuntimeException unexpected) {
            LOG.error("Cannot forward request " + correlation.requestId(), unexpected);
            problems.send(
                    ctx,
                    ProblemType.INTERNAL.problem("The gateway failed to forward the request. Quote request id "
                            + correlation.requestId() + "."));
        }
    }

    private void unauthenticated(RoutingContext ctx, String detail, String challenge) {
        if (ctx.response().headWritten()) {
            return;
        }
        metrics.unauthenticated();
        problems.send(ctx, ProblemType.UNAUTHENTICATED.problem(detail), Map.of("WWW-Authenticate", challenge));
    }

    /** Token checks may complete on another thread; Vert.x request objects belong to their own context. */
    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}
