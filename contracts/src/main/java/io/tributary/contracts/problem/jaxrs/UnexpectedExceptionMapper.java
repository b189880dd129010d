package io.tributary.contracts.problem.jaxrs;

import io.tributary.contracts.events.Uuid7;
import io.tributary.contracts.problem.Problem;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** The last line of defence: log the failure under a reference and answer without any internals. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class);

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(Exception exception) {
        String reference = Uuid7.next().toString();
        LOG.errorf(exception, "Unhandled failure, reference %s", reference);
        Problem problem = Problem.typed("internal", 500, "Internal error",
                "The server failed to process the request. Quote reference " + reference + " to an operator.", null);
        return ProblemResponses.of(problem, headers);
    }
}
