package io.tributary.governance.opa;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.governance.config.GovernanceConfig;
import io.tributary.governance.core.CatalogUnavailableException;
import io.tributary.governance.core.opa.OpaRequestException;
import io.tributary.governance.core.opa.TrinoAccessControl;
import io.tributary.governance.events.DenialAudit;
import io.tributary.governance.store.StoreUnavailableException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Trino's OPA contract on its own port ({@code tributary.governance.opa.port}, default 8184), apart from the API:
 * Trino's plugin sends no token, so the port is what is protected. The gateway never routes to it, a NetworkPolicy
 * lets only Trino's pods reach it, and the service answers 403 to any source outside
 * {@code tributary.governance.opa.allowed-sources}.
 *
 * <ul>
 *   <li>{@code POST /opa/v1/allow} ({@code opa.policy.uri}): {@code {"result": true|false}}</li>
 *   <li>{@code POST /opa/v1/batch} ({@code opa.policy.batched-uri}): {@code {"result": [indices]}}</li>
 *   <li>{@code POST /opa/v1/row-filters} ({@code opa.policy.row-filters-uri}): {@code {"result": [{"expression"}]}}</li>
 *   <li>{@code POST /opa/v1/column-masks} ({@code opa.policy.batch-column-masking-uri}):
 *       {@code {"result": [{"index", "viewExpression": {"expression"}}]}}</li>
 * </ul>
 * Unknown operations are denied; malformed, over-deep or over-large requests get a 4xx problem, never a 500.
 */
@Startup
@ApplicationScoped
public class OpaServer {

    private static final Logger LOG = Logger.getLogger(OpaServer.class);

    @Inject
    Vertx vertx;

    @Inject
    GovernanceConfig config;

    @Inject
    TrinoAccessControl trino;

    @Inject
    DenialAudit denials;

    @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1")
    String httpHost;

    private HttpServer server;
    private ObjectMapper json;
    private SourceAllowList sources;
    private volatile int port = -1;

    @PostConstruct
    void start() throws Exception {
        GovernanceConfig.Opa opa = config.opa();
        if (!opa.enabled()) {
            LOG.info("Trino's OPA endpoints are disabled (tributary.governance.opa.enabled=false)");
            return;
        }
        json = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(opa.maxDepth())
                        .maxStringLength(1 << 20)
                        .maxNumberLength(64)
                        .build())
                .build());
        sources = new SourceAllowList(opa.allowedSources());
        Router router = Router.router(vertx);
        router.route().handler(this::checkSource);
        router.route("/opa/v1/*").handler(BodyHandler.create(false).setBodyLimit(opa.maxBodyBytes()));
        router.post("/opa/v1/allow").blockingHandler(ctx -> answer(ctx, "allow"), false);
        router.post("/opa/v1/batch").blockingHandler(ctx -> answer(ctx, "batch"), false);
        router.post("/opa/v1/row-filters").blockingHandler(ctx -> answer(ctx, "row-filters"), false);
        router.post("/opa/v1/column-masks").blockingHandler(ctx -> answer(ctx, "column-masks"), false);
        router.route()
                .handler(ctx -> problem(
                        ctx,
                        ProblemType.NOT_FOUND.problem("Trino's OPA endpoints are POST /opa/v1/allow, "
                                + "/opa/v1/batch, /opa/v1/row-filters and /opa/v1/column-masks.")));
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (status == 413) {
                problem(
                        ctx,
                        ProblemType.TOO_LARGE.problem("The request is larger than " + opa.maxBodyBytes() + " bytes."));
            } else if (status < 500) {
                problem(
                        ctx,
                        new Problem(
                                "about:blank", "Bad request", status, "The request cannot be read.", null, List.of()));
            } else {
                String reference = UUID.randomUUID().toString();
                LOG.errorf(ctx.failure(), "OPA request failed (reference %s)", reference);
                problem(
                        ctx,
                        ProblemType.UNAVAILABLE.problem(
                                "The decision could not be made (reference " + reference + ")."));
            }
        });
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        vertx.createHttpServer()
                .requestHandler(router)
                .listen(opa.port(), opa.host().orElse(httpHost), result -> {
                    if (result.succeeded()) {
                        started.complete(result.result());
                    } else {
                        started.completeExceptionally(result.cause());
                    }
                });
        server = started.get(30, TimeUnit.SECONDS);
        port = server.actualPort();
        LOG.infof("Trino's OPA endpoints listen on %s:%d/opa/v1", opa.host().orElse(httpHost), port);
    }

    /** The port the OPA endpoints listen on, or -1 when disabled. */
    public int port() {
        return port;
    }

    private void checkSource(RoutingContext ctx) {
        String host = ctx.request().remoteAddress() == null
                ? null
                : ctx.request().remoteAddress().hostAddress();
        if (!sources.allows(host)) {
            LOG.warnf("Refused an OPA request from %s (not in tributary.governance.opa.allowed-sources)", host);
            problem(ctx, ProblemType.FORBIDDEN.problem("This source may not ask for access decisions."));
            return;
        }
        ctx.next();
    }

    private void answer(RoutingContext ctx, String endpoint) {
        JsonNode request;
        try {
            request = json.readTree(
                    ctx.body().buffer() == null
                            ? new byte[0]
                            : ctx.body().buffer().getBytes());
        } catch (java.io.IOException e) {
            problem(
                    ctx,
                    ProblemType.MALFORMED_JSON.problem(
                            "The body is not JSON Trino's OPA plugin sends: " + firstLine(e.getMessage())));
            return;
        }
        if (request == null || !request.isObject() || !request.path("input").isObject()) {
            problem(
                    ctx,
                    ProblemType.INVALID_REQUEST.problem(
                            "The body is {\"input\": {...}}, as Trino's OPA plugin sends it."));
            return;
        }
        JsonNode resources = request.path("input").path("action").path("filterResources");
        if (resources.isArray() && resources.size() > config.opa().maxBatch()) {
            problem(
                    ctx,
                    ProblemType.TOO_LARGE.problem(
                            "A batch holds at most " + config.opa().maxBatch() + " resources."));
            return;
        }
        try {
            ObjectNode out = json.createObjectNode();
            switch (endpoint) {
                case "allow" -> {
                    boolean allowed = trino.allow(request);
                    out.put("result", allowed);
                    if (!allowed) {
                        denied(request);
                    }
                }
                case "batch" -> {
                    ArrayNode result = out.putArray("result");
                    trino.filter(request).forEach(result::add);
                }
                case "row-filters" -> {
                    ArrayNode result = out.putArray("result");
                    trino.rowFilters(request)
                            .forEach(expression -> result.addObject().put("expression", expression));
                }
                default -> {
                    ArrayNode result = out.putArray("result");
                    for (TrinoAccessControl.ColumnMask mask : trino.columnMasks(request)) {
                        ObjectNode item = result.addObject();
                        item.put("index", mask.index());
                        item.putObject("viewExpression").put("expression", mask.expression());
                    }
                }
            }
            ctx.response().putHeader("Content-Type", "application/json").end(out.toString());
        } catch (OpaRequestException e) {
            problem(ctx, ProblemType.INVALID_REQUEST.problem(e.getMessage()));
        } catch (CatalogUnavailableException | StoreUnavailableException e) {
            LOG.warnf("OPA %s answered 503: %s", endpoint, e.getMessage());
            ctx.response().putHeader("Retry-After", "5");
            problem(ctx, ProblemType.UNAVAILABLE.problem(e.getMessage()));
        } catch (RuntimeException e) {
            // Something this code did not foresee: deny (or fail the query) rather than answer 500.
            String reference = UUID.randomUUID().toString();
            LOG.errorf(e, "OPA %s failed (reference %s)", endpoint, reference);
            if (endpoint.equals("allow")) {
                ctx.response().putHeader("Content-Type", "application/json").end("{\"result\":false}");
            } else if (endpoint.equals("batch")) {
                ctx.response().putHeader("Content-Type", "application/json").end("{\"result\":[]}");
            } else {
                problem(
                        ctx,
                        ProblemType.UNAVAILABLE.problem(
                                "The decision could not be made (reference " + reference + ")."));
            }
        }
    }

    private void denied(JsonNode request) {
        if (!config.audit().denials()) {
            return;
        }
        String operation = TrinoAccessControl.operation(request);
        JsonNode resource = request.path("input").path("action").path("resource");
        JsonNode table = resource.path("table");
        String target = table.isObject()
                ? "table:" + table.path("schemaName").asText("?") + "."
                        + table.path("tableName").asText("?")
                : resource.isObject() && resource.fieldNames().hasNext()
                        ? "trino:" + resource.fieldNames().next()
                        : "trino";
        denials.denied(
                TrinoAccessControl.user(request),
                "trino." + (operation.isEmpty() ? "unknown" : operation),
                target,
                "denied by policy");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    private void problem(RoutingContext ctx, Problem problem) {
        if (ctx.response().ended()) {
            return;
        }
        String body;
        try {
            body = new ObjectMapper().writeValueAsString(problem);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        ctx.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(body);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }
}
