package io.tributary.ingest.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.tributary.auth.Roles;
import io.tributary.contracts.Topics;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.contracts.problem.jaxrs.ProblemResponses;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.core.Caller;
import io.tributary.ingest.core.IngestMode;
import io.tributary.ingest.core.IngestOutcome;
import io.tributary.ingest.core.IngestRequest;
import io.tributary.ingest.core.Ingestor;
import io.tributary.ingest.core.TableId;
import io.tributary.ingest.core.ValidatedBatch;
import io.tributary.ingest.core.body.BodyFormat;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code POST /api/ingest/v1/tables/{namespace}/{table}/records}: HTTP in, {@link Ingestor} call, HTTP out. The body
 * has been received by {@link RecordsBodyReceiver} before this runs on its worker.
 */
@Path("/api/ingest/v1/tables/{namespace}/{table}/records")
@RolesAllowed(Roles.DATA_PRODUCER)
public class RecordsResource {

    public static final String NDJSON = "application/x-ndjson";
    public static final String CSV = "text/csv";
    /** Set on a 200 that repeats the receipt of an earlier request with the same Idempotency-Key. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Inject
    Ingestor ingestor;

    @Inject
    IngestConfig config;

    @Inject
    SecurityIdentity identity;

    @Inject
    IngestMetrics metrics;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, NDJSON, CSV})
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(
            @PathParam("namespace") String namespace,
            @PathParam("table") String table,
            @QueryParam("mode") @DefaultValue("strict") String mode,
            @HeaderParam(IDEMPOTENCY_KEY_HEADER) String idempotencyKey,
            @HeaderParam("traceparent") String traceparent,
            @Context RoutingContext context)
            throws IOException {
        BodyFormat format = format(headers.getMediaType());
        List<String> modes = uri.getQueryParameters().get("mode");
        if (modes != null && modes.size() > 1) {
            String message = "Give mode once, not " + modes.size() + " times.";
            throw ProblemException.badRequest(message, List.of(new Problem.Violation("mode", message)));
        }
        IngestRequest request = new IngestRequest(
                tableId(namespace, table),
                format,
                mode(mode),
                caller(),
                idempotencyKey(idempotencyKey),
                traceparent,
                headers.getLength());
        // RecordsBodyReceiver has received the body whole, within max-body-bytes and the in-flight budget.
        ReceivedBody body = RecordsBodyReceiver.received(context);
        IngestOutcome outcome;
        // The core's refusals propagate to IngestProblemMapper, which answers them.
        try (InputStream stream = body.stream()) {
            outcome = ingestor.ingestReceived(request, stream, body.reservation());
        } finally {
            body.reservation().close();
        }
        metrics.request(body.length());
        if (outcome instanceof IngestOutcome.Rejected rejected) {
            metrics.rejected(request.table(), rejected.batch());
            return rejected(rejected);
        }
        if (outcome instanceof IngestOutcome.Replayed replayed) {
            metrics.replayed(request.table());
            return Response.ok(replayed.receipt())
                    .header(REPLAYED_HEADER, "true")
                    .build();
        }
        IngestOutcome.Published published = (IngestOutcome.Published) outcome;
        metrics.published(request.table(), published.receipt());
        return Response.ok(published.receipt()).build();
    }

    private Response rejected(IngestOutcome.Rejected rejected) {
        ValidatedBatch batch = rejected.batch();
        int limit = config.limits().maxReportedErrors();
        String detail = batch.rejectedCount() + " of " + batch.received() + " records break version "
                + rejected.contract().version() + " of the contract of "
                + rejected.contract().table()
                + "; nothing was published. Fix them, or send with mode=partial to publish the valid ones.";
        ProblemType type = ProblemType.RECORDS_REJECTED;
        RecordsRejectedProblem problem = new RecordsRejectedProblem(
                type.uri(),
                type.title(),
                type.status(),
                detail,
                headers.getHeaderString(ProblemResponses.REQUEST_ID_HEADER),
                batch.received(),
                batch.rejectedCount(),
                batch.errors(limit),
                batch.violationCount() > limit);
        return Response.status(type.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    private static BodyFormat format(MediaType type) {
        if (type == null) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE.problem(
                    "Send a Content-Type: application/json, application/x-ndjson or text/csv."));
        }
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new ProblemException(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE.problem("Bodies must be UTF-8, not " + charset + "."));
        }
        return BodyFormat.of(type.getType() + "/" + type.getSubtype()).orElseThrow();
    }

    private static TableId tableId(String namespace, String table) {
        try {
            Topics.ingest(namespace, table);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(
                    "No table by this name can take records: " + e.getMessage(),
                    List.of(new Problem.Violation("namespace/table", e.getMessage())));
        }
        return new TableId(namespace, table);
    }

    private static IngestMode mode(String mode) {
        try {
            return IngestMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage(), List.of(new Problem.Violation("mode", e.getMessage())));
        }
    }

    private static String idempotencyKey(String key) {
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            String message = "Idempotency-Key must be 1 to 255 visible ASCII characters.";
            throw ProblemException.badRequest(message, List.of(new Problem.Violation("Idempotency-Key", message)));
        }
        return key;
    }

    /** Who calls, from the token: {@code azp} (client), {@code preferred_username}, {@code sub} and the roles. */
    private Caller caller() {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            return new Caller(
                    claim(token, "azp"), claim(token, "preferred_username"), claim(token, "sub"), identity.getRoles());
        }
        String name = identity.getPrincipal().getName();
        return new Caller(null, name, name, identity.getRoles());
    }

    private static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
