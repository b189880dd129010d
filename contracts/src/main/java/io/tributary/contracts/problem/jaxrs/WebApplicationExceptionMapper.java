package io.tributary.contracts.problem.jaxrs;

import io.tributary.contracts.problem.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** JAX-RS's own errors (404 no such path, 405, 406, 415, …) as problem+json. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType == null ? "HTTP " + status : statusType.getReasonPhrase();
        // JAX-RS messages name the path or media type at fault and carry no internals; 5xx details do not leave.
        String detail = status < 500 ? exception.getMessage() : "The server could not complete the request.";
        Map<String, String> extra = new java.util.HashMap<>();
        copyHeader(original, "Allow", extra);
        copyHeader(original, "Retry-After", extra);
        copyHeader(original, "WWW-Authenticate", extra);
        return ProblemResponses.of(Problem.of(status, title, detail), headers, extra);
    }

    private static void copyHeader(Response from, String name, Map<String, String> to) {
        String value = from.getHeaderString(name);
        if (value != null) {
            to.put(name, value);
        }
    }
}
