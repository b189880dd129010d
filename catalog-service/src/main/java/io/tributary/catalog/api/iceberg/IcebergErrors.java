package io.tributary.catalog.api.iceberg;

import com.fasterxml.jackson.core.JacksonException;
import io.tributary.catalog.core.dataset.IncompatibleSchemaException;
import io.tributary.catalog.core.iceberg.CatalogStoreException;
import io.tributary.contracts.events.Uuid7;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NoSuchWarehouseException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.jboss.logging.Logger;

/**
 * Failures as Iceberg's {@code ErrorModel} ({@code {"error": {"message", "type", "code"}}}), with the status codes
 * and type names Iceberg clients turn back into the matching exceptions.
 */
final class IcebergErrors {

    private static final Logger LOG = Logger.getLogger(IcebergErrors.class);

    private IcebergErrors() {}

    static Response toResponse(Throwable failure) {
        if (failure instanceof NoSuchNamespaceException
                || failure instanceof NoSuchTableException
                || failure instanceof NoSuchViewException
                || failure instanceof NoSuchWarehouseException
                || failure instanceof NotFoundException) {
            return of(404, failure.getClass().getSimpleName(), failure.getMessage());
        }
        if (failure instanceof IncompatibleSchemaException) {
            // Iceberg clients know no type of their own for it; CommitFailedException is the closest they parse.
            return of(409, "CommitFailedException", failure.getMessage());
        }
        if (failure instanceof AlreadyExistsException
                || failure instanceof CommitFailedException
                || failure instanceof NamespaceNotEmptyException) {
            return of(409, failure.getClass().getSimpleName(), failure.getMessage());
        }
        if (failure instanceof BadRequestException
                || failure instanceof ValidationException
                || failure instanceof IllegalArgumentException) {
            return of(400, failure.getClass().getSimpleName(), failure.getMessage());
        }
        if (failure instanceof NotAuthorizedException) {
            return of(401, "NotAuthorizedException", failure.getMessage());
        }
        if (failure instanceof ForbiddenException) {
            return of(403, "ForbiddenException", failure.getMessage());
        }
        if (failure instanceof UnsupportedOperationException) {
            return of(406, "UnsupportedOperationException", failure.getMessage());
        }
        if (failure instanceof ServiceUnavailableException
                || (failure instanceof CatalogStoreException store && store.unavailable())) {
            LOG.warnf("Iceberg REST request failed, catalog database unavailable: %s", failure.getMessage());
            return of(503, "ServiceUnavailableException", "The catalog database is unavailable; retry later.");
        }
        String reference = Uuid7.next().toString();
        if (!(failure instanceof CommitStateUnknownException) && storageFailure(failure)) {
            // Metadata files are written before the pointer in PostgreSQL moves, so the request changed nothing that
            // a retry would not redo; Iceberg clients treat a 503 on a commit as "reload and retry".
            LOG.warnf(failure, "Iceberg REST request failed on the warehouse storage, reference %s", reference);
            return of(
                    503,
                    "ServiceUnavailableException",
                    "The warehouse storage failed; retry later. Reference " + reference);
        }
        LOG.errorf(failure, "Iceberg REST request failed, reference %s", reference);
        if (failure instanceof CommitStateUnknownException) {
            return of(
                    500,
                    "CommitStateUnknownException",
                    "The commit may or may not have been applied; reload the table before retrying. Reference "
                            + reference);
        }
        return of(
                500,
                "InternalServerError",
                "The server failed to process the request. Quote reference " + reference + " to an operator.");
    }

    /**
     * A failure to read or write the warehouse: an I/O error (a JSON parser's is not one) or one of the S3 client's,
     * anywhere in its causes.
     */
    static boolean storageFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JacksonException) {
                return false;
            }
            if (t.getClass().getName().startsWith("software.amazon.awssdk.")) {
                return true;
            }
            boolean wrapper = t instanceof UncheckedIOException || t instanceof RuntimeIOException;
            if ((t instanceof IOException) || (wrapper && t.getCause() == null)) {
                return true;
            }
        }
        return false;
    }

    static Response of(int code, String type, String message) {
        ErrorResponse error = ErrorResponse.builder()
                .responseCode(code)
                .withType(type)
                .withMessage(message == null ? type : message)
                .build();
        Response.ResponseBuilder response = Response.status(code);
        if (code == 503) {
            response.header("Retry-After", "5");
        }
        return response.type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponseParser.toJson(error))
                .build();
    }
}
