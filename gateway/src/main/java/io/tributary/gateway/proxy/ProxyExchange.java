package io.tributary.gateway.proxy;

import io.tributary.gateway.config.Backend;
import io.tributary.gateway.config.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One request forwarded to one backend. Bodies flow chunk by chunk in both directions with back-pressure (a full
 * write queue pauses the reading side), so the gateway never holds more than a few buffers of any body.
 */
final class ProxyExchange {

    private static final Logger LOG = Logger.getLogger(ProxyExchange.class);
    private static final Set<String> NOT_FORWARDED = Set.of(
            "host",
            "expect",
            "x-request-id",
            "traceparent",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-forwarded-host");
    private static final Set<String> NOT_RELAYED = Set.of("x-request-id", "traceparent");
    private static final Set<HttpMethod> USUALLY_BODILESS =
            Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.DELETE, HttpMethod.TRACE);
    private static final long MAX_REARM_INTERVAL_NANOS = 1_000_000_000L;

    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final ProxyRoute route;
    private final Backend backend;
    private final Correlation correlation;
    private final BackendClients clients;
    private final GatewayProblems problems;
    private final GatewayMetrics metrics;
    private final GatewayConfig config;
    private final long idleTimeoutMillis;
    private final long rearmIntervalNanos;
    private HttpClientRequest upstream;
    private long startedAt;
    private long rearmedAt;
    private boolean failed;

    ProxyExchange(
            RoutingContext ctx,
            ProxyRoute route,
            Correlation correlation,
            BackendClients clients,
            GatewayProblems problems,
            GatewayMetrics metrics,
            GatewayConfig config) {
        this.ctx = ctx;
        this.request = ctx.request();
        this.response = ctx.response();
        this.route = route;
        this.backend = route.backend();
        this.correlation = correlation;
        this.clients = clients;
        this.problems = problems;
        this.metrics = metrics;
        this.config = config;
        this.idleTimeoutMillis = config.requestTimeout(backend).toMillis();
        this.rearmIntervalNanos = Math.min(MAX_REARM_INTERVAL_NANOS, idleTimeoutMillis * 1_000_000L / 4);
    }

    void start() {
        RequestOptions options = clients.request(backend, request.uri())
                .setMethod(request.method())
                .setHeaders(forwardedHeaders());
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // The caller passed the gate, so tell it to send the body; the backend never sees the Expect header.
            response.writeContinue();
        }
        startedAt = System.nanoTime();
        rearmedAt = startedAt;
        clients.client(backend).request(options).onComplete(connected -> {
            if (connected.failed()) {
                fail(connected.cause());
            } else {
                send(connected.result());
            }
        });
    }

    private MultiMap forwardedHeaders() {
        MultiMap headers = HttpHeaders.headers();
        ForwardedHeaders.copyEndToEnd(request.headers(), headers, NOT_FORWARDED);
        headers.set(Correlation.REQUEST_ID, correlation.requestId());
        headers.set(Correlation.TRACEPARENT, correlation.traceparent());
        String peer = request.remoteAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null && request.authority() != null) {
            host = request.authority().toString();
        }
        ForwardedHeaders.addForwarding(
                request.headers(), headers, peer, request.scheme(), host, config.trustForwardedHeaders());
        return headers;
    }

    private void send(HttpClientRequest upstreamRequest) {
        upstream = upstreamRequest;
        upstream.exceptionHandler(this::fail);
        upstream.response().onComplete(answered -> {
            if (answered.failed()) {
                fail(answered.cause());
            } else {
                relay(answered.result());
            }
        });
        // The caller hung up: stop the backend's work too.
        response.closeHandler(ignored -> upstream.reset());
        if (!hasBody()) {
            GatewayProblems.discardRequestBody(request);
            upstream.end();
            return;
        }
        if (request.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            upstream.setChunked(true);
        }
        upstream.drainHandler(ignored -> {
            activity();
            request.resume();
        });
        request.handler(chunk -> {
            upstream.write(chunk);
            activity();
            if (upstream.writeQueueFull()) {
                request.pause();
            }
        });
        request.exceptionHandler(this::callerFailed);
        request.endHandler(ignored -> upstream.end());
        request.resume();
    }

    private boolean hasBody() {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !"0".equals(length.trim());
        }
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return true;
        }
        // HTTP/2 has no Transfer-Encoding: a body may come without a declared length.
        return request.version() == HttpVersion.HTTP_2
                && !request.isEnded()
                && !USUALLY_BODILESS.contains(request.method());
    }

    private void relay(HttpClientResponse answer) {
        metrics.upstreamResponded(route, startedAt);
        if (response.closed()) {
            upstream.reset();
            return;
        }
        response.setStatusCode(answer.statusCode());
        if (answer.statusMessage() != null) {
            response.setStatusMessage(answer.statusMessage());
        }
        ForwardedHeaders.copyEndToEnd(answer.headers(), response.headers(), NOT_RELAYED);
        int status = answer.statusCode();
        boolean bodiless = request.method() == HttpMethod.HEAD || status == 204 || status == 304 || status < 200;
        if (!bodiless && answer.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            response.setChunked(true);
        }
        response.drainHandler(ignored -> {
            activity();
            answer.resume();
        });
        answer.handler(chunk -> {
            if (response.closed()) {
                upstream.reset();
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                answer.pause();
            }
        });
        answer.exceptionHandler(this::fail);
        answer.endHandler(ignored -> response.end());
    }

    /**
     * Vert.x's idle timeout only counts bytes received from the backend; a long upload or a slowly reading caller
     * is progress too, so it re-arms the timer (at most every second, to keep timer churn low).
     */
    private void activity() {
        long now = System.nanoTime();
        if (now - rearmedAt >= rearmIntervalNanos && upstream != null) {
            rearmedAt = now;
            upstream.idleTimeout(idleTimeoutMillis);
        }
    }

    /** The caller's upload broke off: the backend must not take a truncated body for a complete one. */
    private void callerFailed(Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        LOG.debugf("Caller aborted request %s: %s", correlation.requestId(), cause.toString());
        upstream.reset(0, cause);
        response.reset();
    }

    private void fail(Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        if (upstream != null) {
            upstream.reset(0, cause);
        }
        if (response.headWritten()) {
            // The status is already on the wire; closing is the only way left to say the body is incomplete.
            LOG.debugf(
                    "%s response for request %s broke off: %s",
                    backend.serviceName(), correlation.requestId(), cause.toString());
            response.reset();
            return;
        }
        UpstreamFailure failure = UpstreamFailure.classify(cause);
        if (failure == UpstreamFailure.BAD_RESPONSE) {
            LOG.warnf("%s failed request %s: %s", backend.serviceName(), correlation.requestId(), cause.toString());
        } else {
            LOG.debugf("%s failed request %s: %s", backend.serviceName(), correlation.requestId(), cause.toString());
        }
        Map<String, String> headers = failure == UpstreamFailure.UNAVAILABLE
                ? Map.of("Retry-After", Integer.toString(config.unavailableRetryAfterSeconds()))
                : Map.of();
        problems.send(ctx, failure.problem(backend), headers);
    }
}
