package io.tributary.ingest.writer.runtime;

import io.smallrye.common.annotation.NonBlocking;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.jaxrs.ProblemResponses;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * A process in the {@code writer} role takes no records: the producer API answers 404 there, so a misrouted producer
 * learns at once instead of writing through a process that is not meant to serve it.
 */
@Provider
@PreMatching
@NonBlocking
public class WriterRoleFilter implements ContainerRequestFilter {

    /** Looked up on the first request: providers are built before the runtime configuration is there. */
    @Inject
    Instance<ProcessRole> roles;

    private volatile ProcessRole role;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        ProcessRole current = role;
        if (current == null) {
            current = roles.get();
            role = current;
        }
        if (current.writerOnly() && (path.startsWith("/api/ingest/") || path.startsWith("api/ingest/"))) {
            request.abortWith(ProblemResponses.of(
                    Problem.of(
                            404,
                            "Not Found",
                            "This process runs only the lake writer (tributary.ingest.role=writer); send records to the ingest API."),
                    null));
        }
    }
}
