package io.tributary.catalog.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.api.iceberg.IcebergErrorModelFilter;
import io.tributary.catalog.core.dataset.Incompatibility;
import io.tributary.catalog.core.dataset.IncompatibleSchemaException;
import io.tributary.catalog.core.iceberg.CatalogStoreException;
import io.tributary.catalog.core.lineage.InvalidLineageEventException;
import io.tributary.catalog.core.lineage.LineageEventTooLargeException;
import io.tributary.catalog.core.lineage.NoSuchLineageNodeException;
import io.tributary.catalog.core.platform.DatasetAlreadyExistsException;
import io.tributary.catalog.core.platform.IngestTopicUnavailableException;
import io.tributary.catalog.core.platform.InvalidDatasetException;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.contracts.problem.jaxrs.ProblemResponses;
import io.tributary.contracts.problem.jaxrs.UnexpectedExceptionMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The catalog's one translation of failures into problem+json: the platform's own exceptions, and the Iceberg
 * library's as the platform API meets them. The Iceberg REST routes answer their failures themselves, as Iceberg's
 * {@code ErrorModel} (see {@code IcebergErrors}); anything that still escapes one of them is answered as unexpected,
 * as it was before this mapper existed, and {@link IcebergErrorModelFilter} reshapes that answer.
 */
public class CatalogProblemMapper {

    private static final Logger LOG = Logger.getLogger(CatalogProblemMapper.class);
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;
    static final int KAFKA_RETRY_AFTER_SECONDS = 10;

    @ServerExceptionMapper
    public Response alreadyExists(DatasetAlreadyExistsException e, UriInfo uri, HttpHeaders headers) {
        return answer(e, uri, headers, ProblemType.ALREADY_EXISTS.problem(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalid(InvalidDatasetException e, UriInfo uri, HttpHeaders headers) {
        List<Problem.Violation> violations = e.violations().stream()
                .map(v -> new Problem.Violation(v.pointer(), v.message()))
                .toList();
        return answer(e, uri, headers, ProblemType.INVALID_REQUEST.problem(e.getMessage(), violations));
    }

    @ServerExceptionMapper
    public Response ingestTopicUnavailable(IngestTopicUnavailableException e, UriInfo uri, HttpHeaders headers) {
        LOG.warnf("Dataset %s not created: %s", e.dataset(), e.getCause().getMessage());
        String detail = "Kafka is unavailable, so the ingest topic of " + e.dataset()
                + " cannot be created; nothing was created. Retry later.";
        return answer(
                e,
                uri,
                headers,
                ProblemType.UNAVAILABLE.problem(detail),
                Map.of("Retry-After", Integer.toString(KAFKA_RETRY_AFTER_SECONDS)));
    }

    @ServerExceptionMapper
    public Response invalidLineageEvent(InvalidLineageEventException e, UriInfo uri, HttpHeaders headers) {
        List<Problem.Violation> violations = e.violations().stream()
                .map(v -> new Problem.Violation(v.pointer(), v.message()))
                .toList();
        return answer(e, uri, headers, ProblemType.INVALID_LINEAGE_EVENT.problem(e.getMessage(), violations));
    }

    @ServerExceptionMapper
    public Response lineageEventTooLarge(LineageEventTooLargeException e, UriInfo uri, HttpHeaders headers) {
        return answer(e, uri, headers, ProblemType.TOO_LARGE.problem(e.getMessage() + " Nothing was stored."));
    }

    @ServerExceptionMapper({NoSuchTableException.class, NoSuchNamespaceException.class, NoSuchLineageNodeException.class
    })
    public Response notFound(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        return answer(e, uri, headers, ProblemType.NOT_FOUND.problem(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response commitFailed(CommitFailedException e, UriInfo uri, HttpHeaders headers) {
        return answer(
                e,
                uri,
                headers,
                ProblemType.CONFLICT.problem(
                        "The dataset changed concurrently; reload it and retry: " + e.getMessage()));
    }

    @ServerExceptionMapper({ValidationException.class, IllegalArgumentException.class})
    public Response invalidArgument(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        return answer(e, uri, headers, ProblemType.INVALID_REQUEST.problem(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response store(CatalogStoreException e, UriInfo uri, HttpHeaders headers) {
        if (!e.unavailable()) {
            return UnexpectedExceptionMapper.of(e, headers);
        }
        Problem problem = ProblemType.UNAVAILABLE.problem("The catalog database is unavailable; retry later.");
        return answer(e, uri, headers, problem, Map.of("Retry-After", Integer.toString(DATABASE_RETRY_AFTER_SECONDS)));
    }

    /** A schema change that breaks the compatibility mode: 409 with one error per offending field. */
    @ServerExceptionMapper
    public Response incompatibleSchema(IncompatibleSchemaException e, UriInfo uri, HttpHeaders headers) {
        if (IcebergErrorModelFilter.isIcebergPath(uri.getPath())) {
            return UnexpectedExceptionMapper.of(e, headers);
        }
        ProblemType type = ProblemType.INCOMPATIBLE_SCHEMA;
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", type.uri());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put(
                "detail",
                "The schema change breaks the dataset's " + e.mode() + " compatibility in "
                        + e.incompatibilities().size() + " place(s); see errors.");
        String requestId = headers == null ? null : headers.getHeaderString(ProblemResponses.REQUEST_ID_HEADER);
        if (requestId != null) {
            body.put("instance", requestId);
        }
        body.put("compatibility", e.mode().name());
        ArrayNode errors = body.putArray("errors");
        for (Incompatibility incompatibility : e.incompatibilities()) {
            ObjectNode error = errors.addObject();
            error.put("pointer", incompatibility.pointer());
            error.put("field", incompatibility.field());
            error.put("change", incompatibility.change());
            error.put("previous", incompatibility.previous());
            error.put("proposed", incompatibility.proposed());
            error.put("rule", incompatibility.rule().name());
            error.put("message", incompatibility.reason());
        }
        return Response.status(type.status())
                .type(Problem.MEDIA_TYPE)
                .entity(body.toString())
                .build();
    }

    private static Response answer(Throwable e, UriInfo uri, HttpHeaders headers, Problem problem) {
        return answer(e, uri, headers, problem, Map.of());
    }

    private static Response answer(
            Throwable e, UriInfo uri, HttpHeaders headers, Problem problem, Map<String, String> extraHeaders) {
        if (IcebergErrorModelFilter.isIcebergPath(uri.getPath())) {
            return UnexpectedExceptionMapper.of(e, headers);
        }
        return ProblemResponses.of(problem, headers, extraHeaders);
    }
}
