package io.tributary.contracts.problem.jaxrs;

import io.tributary.contracts.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Builds problem+json responses, stamping the request id as the problem's instance. */
public final class ProblemResponses {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private ProblemResponses() {}

    public static Response of(Problem problem, HttpHeaders requestHeaders) {
        return of(problem, requestHeaders, Map.of());
    }

    public static Response of(Problem problem, HttpHeaders requestHeaders, Map<String, String> headers) {
        String requestId = requestHeaders == null ? null : requestHeaders.getHeaderString(REQUEST_ID_HEADER);
        Problem body = problem.instance() == null && requestId != null ? problem.withInstance(requestId) : problem;
        Response.ResponseBuilder builder =
                Response.status(body.status()).type(Problem.MEDIA_TYPE).entity(body);
        headers.forEach(builder::header);
        return builder.build();
    }
}
