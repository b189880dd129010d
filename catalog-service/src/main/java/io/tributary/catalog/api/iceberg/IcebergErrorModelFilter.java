package io.tributary.catalog.api.iceberg;

import io.tributary.contracts.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Under {@code /iceberg/} every error is an Iceberg {@code ErrorModel}, because Iceberg clients parse no other shape.
 * Failures that happen before a resource runs (401, 403, unknown paths, unsupported media types) are answered by the
 * service-wide problem+json mappers; this filter rewrites those answers, keeping status and headers.
 */
public class IcebergErrorModelFilter {

    @ServerResponseFilter
    public void toErrorModel(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof Problem problem)
                || !isIcebergPath(request.getUriInfo().getPath())) {
            return;
        }
        String message = problem.detail() != null ? problem.detail() : problem.title();
        var errorModel = IcebergErrors.of(problem.status(), type(problem), message);
        response.setEntity(errorModel.getEntity(), null, MediaType.APPLICATION_JSON_TYPE);
        response.getHeaders().putSingle("Content-Type", MediaType.APPLICATION_JSON);
    }

    public static boolean isIcebergPath(String path) {
        return path.equals("/iceberg") || path.startsWith("/iceberg/");
    }

    /** The exception type names Iceberg's clients recognise for each status. */
    private static String type(Problem problem) {
        return switch (problem.status()) {
            case 400 -> "BadRequestException";
            case 401 -> "NotAuthorizedException";
            case 403 -> "ForbiddenException";
            case 404 -> "NotFoundException";
            case 406 -> "UnsupportedOperationException";
            case 503 -> "ServiceUnavailableException";
            default ->
                problem.status() >= 500
                        ? "InternalServerError"
                        : problem.title() == null
                                ? "HTTP" + problem.status()
                                : problem.title().replace(" ", "");
        };
    }
}
