package io.tributary.catalog.api.platform;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A contract change that breaks the compatibility mode: 409 problem+json with one error per offending field. */
@Provider
public class IncompatibleSchemaMapper implements ExceptionMapper<IncompatibleSchemaProblem> {

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(IncompatibleSchemaProblem exception) {
        return PlatformResponses.incompatible(exception.incompatibility(), headers);
    }
}
