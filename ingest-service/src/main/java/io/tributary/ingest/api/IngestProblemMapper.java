package io.tributary.ingest.api;

import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.contracts.problem.jaxrs.ProblemResponses;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.core.BatchValidator.TooManyRecordsException;
import io.tributary.ingest.core.ContractSource.ContractUnavailableException;
import io.tributary.ingest.core.IdempotencyException;
import io.tributary.ingest.core.IdempotencyStore.StoreUnavailableException;
import io.tributary.ingest.core.InFlightBudget.OverloadedException;
import io.tributary.ingest.core.InsertAuthorizer.DecisionUnavailableException;
import io.tributary.ingest.core.InsertAuthorizer.InsertDeniedException;
import io.tributary.ingest.core.NoSuchTableException;
import io.tributary.ingest.core.RecordPublisher.PublishUnavailableException;
import io.tributary.ingest.core.TableId;
import io.tributary.ingest.core.body.BodyTooLargeException;
import io.tributary.ingest.core.body.MalformedBodyException;
import io.tributary.ingest.maintenance.MaintenanceExceptions.CatalogUnavailableException;
import io.tributary.ingest.maintenance.MaintenanceExceptions.UnknownTableException;
import io.tributary.ingest.maintenance.MaintenanceRequest.InvalidRequestException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The ingest service's one translation of the core's exceptions into problem+json, with the request meters that
 * count refusals. Every one of them is refused before anything is published, except a Kafka outage mid-request.
 */
public class IngestProblemMapper {

    private static final Pattern RECORDS_PATH = Pattern.compile("/?api/ingest/v1/tables/([^/]+)/([^/]+)/records/?");

    @Inject
    IngestConfig config;

    @Inject
    IngestMetrics metrics;

    @ServerExceptionMapper
    public Response noSuchTable(NoSuchTableException e, HttpHeaders headers) {
        return answer(ProblemType.NOT_FOUND.problem(e.getMessage()), headers);
    }

    @ServerExceptionMapper
    public Response insertDenied(InsertDeniedException e, HttpHeaders headers) {
        metrics.denied(e.table());
        return answer(ProblemType.INSERT_DENIED.problem(e.getMessage()), headers);
    }

    @ServerExceptionMapper
    public Response overloaded(OverloadedException e, UriInfo uri, HttpHeaders headers) {
        metrics.throttled(table(uri));
        return retryLater(ProblemType.OVERLOADED.problem(e.getMessage()), headers);
    }

    @ServerExceptionMapper
    public Response idempotency(IdempotencyException e, HttpHeaders headers) {
        return answer(
                ProblemType.CONFLICT.problem(
                        e.getMessage(), List.of(new Problem.Violation("Idempotency-Key", e.getMessage()))),
                headers);
    }

    @ServerExceptionMapper
    public Response malformedBody(MalformedBodyException e, HttpHeaders headers) {
        List<Problem.Violation> violations = e.violations().stream()
                .map(v -> new Problem.Violation(v.pointer(), v.message()))
                .toList();
        return answer(ProblemType.MALFORMED_BODY.problem(e.getMessage(), violations), headers);
    }

    @ServerExceptionMapper({BodyTooLargeException.class, TooManyRecordsException.class})
    public Response tooLarge(Exception e, HttpHeaders headers) {
        return answer(ProblemType.TOO_LARGE.problem(e.getMessage() + " Nothing was published."), headers);
    }

    @ServerExceptionMapper
    public Response kafkaUnavailable(PublishUnavailableException e, UriInfo uri, HttpHeaders headers) {
        metrics.unavailable(table(uri), "kafka");
        return retryLater(
                ProblemType.UNAVAILABLE.problem("Kafka is unavailable, so the records cannot be made "
                        + "durable; retry later. Some records of this request may already be published."),
                headers);
    }

    @ServerExceptionMapper
    public Response catalogUnavailable(ContractUnavailableException e, UriInfo uri, HttpHeaders headers) {
        metrics.unavailable(table(uri), "catalog");
        return retryLater(
                ProblemType.UNAVAILABLE.problem("The table's contract cannot be fetched from the catalog "
                        + "right now; nothing was published."),
                headers);
    }

    @ServerExceptionMapper
    public Response governanceUnavailable(DecisionUnavailableException e, HttpHeaders headers) {
        metrics.unavailable(e.table(), "governance");
        return retryLater(
                ProblemType.UNAVAILABLE.problem("Whether you may insert into " + e.table() + " cannot be decided "
                        + "right now (governance-service does not answer); nothing was published. Retry later."),
                headers);
    }

    @ServerExceptionMapper
    public Response idempotencyStoreUnavailable(StoreUnavailableException e, UriInfo uri, HttpHeaders headers) {
        metrics.unavailable(table(uri), "idempotency-store");
        List<String> keys = headers.getRequestHeader(RecordsResource.IDEMPOTENCY_KEY_HEADER);
        String key = keys == null || keys.isEmpty() ? null : keys.get(0);
        return retryLater(
                ProblemType.UNAVAILABLE.problem("Idempotency-Key '" + key + "' cannot be checked because "
                        + "the idempotency store is unavailable; nothing was published. Retry later, or send without the key "
                        + "if duplicates are acceptable."),
                headers);
    }

    /**
     * Only the records endpoint reads its body as a stream, so an I/O failure is a client that went away or a
     * connection that broke mid-body: nothing was published, and nobody may be listening.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e, HttpHeaders headers) {
        return answer(
                ProblemType.INVALID_REQUEST.problem(
                        "The body could not be read to its end (" + e.getMessage() + "); nothing was published."),
                headers);
    }

    @ServerExceptionMapper
    public Response invalidMaintenanceRequest(InvalidRequestException e, HttpHeaders headers) {
        return answer(
                ProblemType.INVALID_REQUEST.problem(
                        e.getMessage() + "; nothing was done.",
                        List.of(new Problem.Violation(e.pointer(), e.getMessage()))),
                headers);
    }

    @ServerExceptionMapper
    public Response unknownMaintenanceTable(UnknownTableException e, HttpHeaders headers) {
        return answer(ProblemType.NOT_FOUND.problem(e.getMessage()), headers);
    }

    @ServerExceptionMapper
    public Response maintenanceCatalogUnavailable(CatalogUnavailableException e, HttpHeaders headers) {
        return retryLater(ProblemType.UNAVAILABLE.problem(e.getMessage() + " Nothing was done."), headers);
    }

    /**
     * The table as the path names it; these exceptions only arise once the path named a valid one. A refusal while the
     * body is received ({@link RecordsBodyReceiver}) comes before the path parameters are extracted: then the path
     * itself is read.
     */
    private static TableId table(UriInfo uri) {
        MultivaluedMap<String, String> path = uri.getPathParameters();
        if (path.getFirst("namespace") != null && path.getFirst("table") != null) {
            return new TableId(path.getFirst("namespace"), path.getFirst("table"));
        }
        Matcher matcher = RECORDS_PATH.matcher(uri.getPath());
        if (matcher.matches()) {
            return new TableId(matcher.group(1), matcher.group(2));
        }
        return new TableId("-", "-");
    }

    private Response retryLater(Problem problem, HttpHeaders headers) {
        Map<String, String> retryAfter = Map.of("Retry-After", Integer.toString(config.retryAfterSeconds()));
        return ProblemResponses.of(problem, headers, retryAfter);
    }

    private static Response answer(Problem problem, HttpHeaders headers) {
        return ProblemResponses.of(problem, headers);
    }
}
