package io.tributary.contracts.problem.jaxrs;

import io.tributary.contracts.problem.ProblemException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(ProblemException exception) {
        return ProblemResponses.of(exception.problem(), headers, exception.headers());
    }
}
