package io.tributary.ingest.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.tributary.auth.Roles;
import io.tributary.contracts.Topics;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemException;
import io.tributary.contracts.problem.jaxrs.ProblemResponses;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.core.BatchValidator.TooManyRecordsException;
import io.tributary.ingest.core.Caller;
import io.tributary.ingest.core.ContractSource.ContractUnavailableException;
import io.tributary.ingest.core.IdempotencyException;
import io.tributary.ingest.core.IdempotencyStore.StoreUnavailableException;
import io.tributary.ingest.core.InFlightBudget.OverloadedException;
import io.tributary.ingest.core.InsertAuthorizer.InsertDeniedException;
import io.tributary.ingest.core.IngestMode;
import io.tributary.ingest.core.IngestOutcome;
import io.tributary.ingest.core.IngestRequest;
import io.tributary.ingest.core.Ingestor;
import io.tributary.ingest.core.NoSuchTableException;
import io.tributary.ingest.core.RecordPublisher.PublishUnavailableException;
import io.tributary.ingest.core.TableId;
import io.tributary.ingest.core.ValidatedBatch;
import io.tributary.ingest.core.body.BodyFormat;
import io.tributary.ingest.core.body.BodyTooLargeException;
import io.tributary.ingest.core.body.CountingInputStream;
import io.tributary.ingest.core.body.LimitedInputStream;
import io.tributary.ingest.core.body.MalformedBodyException;
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
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** {@code POST /api/ingest/v1/tables/{namespace}/{table}/records}: HTTP in, {@link Ingestor} call, HTTP out. */
@Path("/api/ingest/v1/tables/{namespace}/{table}/records")
@RolesAllowed(Roles.DATA_PRODUCER)
public class RecordsResource {

    public static final String NDJSON = "application/x-ndjson";
    public static final String CSV = "text/csv";
    /** Set on a 200 that repeats the receipt of an earlier request with the same Idempotency-Key. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
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
    public Response post(@PathParam("namespace") String namespace, @PathParam("table") String table,
                         @QueryParam("mode") @DefaultValue("strict") String mode,
                         @HeaderParam("Idempotency-Key") String idempotencyKey,
                         @HeaderParam("traceparent") String traceparent,
                         InputStream body) throws IOException {
        BodyFormat format = format(headers.getMediaType());
        List<String> modes = uri.getQueryParameters().get("mode");
        if (modes != null && modes.size() > 1) {
            String message = "Give mode once, not " + modes.size() + " times.";
            throw ProblemException.badRequest(message, List.of(new Problem.Violation("mode", message)));
        }
        long maxBytes = config.limits().maxBodyBytes();
        if (headers.getLength() > maxBytes) {
            throw tooLarge("The body is larger than the limit of " + maxBytes + " bytes.");
        }
        IngestRequest request = new IngestRequest(tableId(namespace, table), format, mode(mode), caller(),
                idempotencyKey(idempotencyKey), traceparent, headers.getLength());
        IngestOutcome outcome;
        CountingInputStream counted = new CountingInputStream(body) {
            @Override
            protected void counted(long n) {
            }
        };
        try (InputStream limited = new LimitedInputStream(counted, maxBytes)) {
            outcome = ingestor.ingest(request, limited);
        } catch (NoSuchTableException e) {
            throw ProblemException.notFound(e.getMessage());
        } catch (InsertDeniedException e) {
            metrics.denied(request.table());
            throw new ProblemException(Problem.typed("insert-denied", 403, "Forbidden", e.getMessage(), List.of()));
        } catch (OverloadedException e) {
            metrics.throttled(request.table());
            throw new ProblemException(Problem.typed("overloaded", 429, "Too Many Requests", e.getMessage(), List.of()),
                    Map.of("Retry-After", Integer.toString(config.retryAfterSeconds())));
        } catch (IdempotencyException e) {
            throw ProblemException.conflict(e.getMessage(), List.of(new Problem.Violation("Idempotency-Key", e.getMessage())));
        } catch (MalformedBodyException e) {
            throw new ProblemException(Problem.typed("malformed-body", 400, "Malformed request body", e.getMessage(),
                    e.violations().stream().map(v -> new Problem.Violation(v.pointer(), v.message())).toList()));
        } catch (BodyTooLargeException | TooManyRecordsException e) {
            throw tooLarge(e.getMessage());
        } catch (PublishUnavailableException e) {
            metrics.unavailable(request.table(), "kafka");
            throw ProblemException.unavailable("Kafka is unavailable, so the records cannot be made durable; retry "
                    + "later. Some records of this request may already be published.", config.retryAfterSeconds());
        } catch (ContractUnavailableException e) {
            metrics.unavailable(request.table(), "catalog");
            throw ProblemException.unavailable("The table's contract cannot be fetched from the catalog right now; "
                    + "nothing was published.", config.retryAfterSeconds());
        } catch (IOException e) {
            // The client went away or the connection broke mid-body: nothing was published, and nobody may be listening.
            throw ProblemException.badRequest("The body could not be read to its end (" + e.getMessage()
                    + "); nothing was published.", List.of());
        } catch (StoreUnavailableException e) {
            metrics.unavailable(request.table(), "idempotency-store");
            throw ProblemException.unavailable("Idempotency-Key '" + request.idempotencyKey() + "' cannot be checked "
                    + "because the idempotency store is unavailable; nothing was published. Retry later, or send "
                    + "without the key if duplicates are acceptable.", config.retryAfterSeconds());
        }
        metrics.request(counted.count());
        if (outcome instanceof IngestOutcome.Rejected rejected) {
            metrics.rejected(request.table(), rejected.batch());
            return rejected(rejected);
        }
        if (outcome instanceof IngestOutcome.Replayed replayed) {
            metrics.replayed(request.table());
            return Response.ok(replayed.receipt()).header(REPLAYED_HEADER, "true").build();
        }
        IngestOutcome.Published published = (IngestOutcome.Published) outcome;
        metrics.published(request.table(), published.receipt());
        return Response.ok(published.receipt()).build();
    }

    private Response rejected(IngestOutcome.Rejected rejected) {
        ValidatedBatch batch = rejected.batch();
        int limit = config.limits().maxReportedErrors();
        String detail = batch.rejectedCount() + " of " + batch.received() + " records break version "
                + rejected.contract().version() + " of the contract of " + rejected.contract().table()
                + "; nothing was published. Fix them, or send with mode=partial to publish the valid ones.";
        RecordsRejectedProblem problem = new RecordsRejectedProblem(RecordsRejectedProblem.TYPE, "Records break the table's contract",
                422, detail, headers.getHeaderString(ProblemResponses.REQUEST_ID_HEADER), batch.received(),
                batch.rejectedCount(), batch.errors(limit), batch.violationCount() > limit);
        return Response.status(422).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static BodyFormat format(MediaType type) {
        if (type == null) {
            throw new ProblemException(Problem.typed("unsupported-media-type", 415, "Unsupported Media Type",
                    "Send a Content-Type: application/json, application/x-ndjson or text/csv.", List.of()));
        }
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new ProblemException(Problem.typed("unsupported-media-type", 415, "Unsupported Media Type",
                    "Bodies must be UTF-8, not " + charset + ".", List.of()));
        }
        return BodyFormat.of(type.getType() + "/" + type.getSubtype()).orElseThrow();
    }

    private static TableId tableId(String namespace, String table) {
        try {
            Topics.ingest(namespace, table);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("No table by this name can take records: " + e.getMessage(),
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

    /** Who calls, from the token: {@code azp} (client), {@code preferred_username}, {@code sub}. */
    private Caller caller() {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            return new Caller(claim(token, "azp"), claim(token, "preferred_username"), claim(token, "sub"));
        }
        String name = identity.getPrincipal().getName();
        return new Caller(null, name, name);
    }

    private static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static ProblemException tooLarge(String detail) {
        return new ProblemException(Problem.typed("too-large", 413, "Content Too Large",
                detail + " Nothing was published.", List.of()), Map.of());
    }
}
