package io.tributary.contracts.problem.jaxrs;

import io.tributary.contracts.events.Uuid7;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
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
        return of(exception, headers);
    }

    /** The answer to a failure nobody expected, for a service mapper that meets one among those it translates. */
    public static Response of(Throwable failure, HttpHeaders headers) {
        String reference = Uuid7.next().toString();
        LOG.errorf(failure, "Unhandled failure, reference %s", reference);
        Problem problem = ProblemType.INTERNAL.problem(
                "The server failed to process the request. Quote reference " + reference + " to an operator.");
        return ProblemResponses.of(problem, headers);
    }
}
