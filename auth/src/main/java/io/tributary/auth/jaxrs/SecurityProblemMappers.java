package io.tributary.auth.jaxrs;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.jaxrs.ProblemResponses;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * 401 and 403 as problem+json, counted in {@code tributary_security_denied_requests_total}.
 * Services run with lazy (non-proactive) authentication so that these failures reach JAX-RS.
 */
public final class SecurityProblemMappers {

    static final String METRIC = "tributary.security.denied.requests";
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer");

    private SecurityProblemMappers() {
    }

    static Response unauthenticated(MeterRegistry registry, HttpHeaders headers, String detail) {
        registry.counter(METRIC, "reason", "unauthenticated").increment();
        Problem problem = Problem.typed("unauthenticated", 401, "Unauthenticated", detail, null);
        return ProblemResponses.of(problem, headers, CHALLENGE);
    }

    @Provider
    public static class Unauthorized implements ExceptionMapper<UnauthorizedException> {
        @Inject
        MeterRegistry registry;
        @Context
        HttpHeaders headers;

        @Override
        public Response toResponse(UnauthorizedException exception) {
            return unauthenticated(registry, headers, "A valid bearer token is required.");
        }
    }

    @Provider
    public static class AuthenticationFailed implements ExceptionMapper<AuthenticationFailedException> {
        @Inject
        MeterRegistry registry;
        @Context
        HttpHeaders headers;

        @Override
        public Response toResponse(AuthenticationFailedException exception) {
            // The validator's reason (expired, bad signature, wrong issuer) is logged by Quarkus; telling the caller
            // which check failed would help an attacker more than a legitimate client.
            return unauthenticated(registry, headers, "The bearer token is invalid, expired or not issued for this service.");
        }
    }

    @Provider
    public static class Forbidden implements ExceptionMapper<ForbiddenException> {
        @Inject
        MeterRegistry registry;
        @Context
        HttpHeaders headers;

        @Override
        public Response toResponse(ForbiddenException exception) {
            registry.counter(METRIC, "reason", "forbidden").increment();
            Problem problem = Problem.typed("forbidden", 403, "Forbidden",
                    "The token is valid but lacks a role this operation requires.", null);
            return ProblemResponses.of(problem, headers);
        }
    }

    /** Keycloak unreachable while a token needs its keys: the caller can retry, nothing is wrong with the request. */
    @Provider
    public static class IdentityProviderUnavailable implements ExceptionMapper<OIDCException> {
        @Context
        HttpHeaders headers;

        @Override
        public Response toResponse(OIDCException exception) {
            Problem problem = Problem.typed("identity-provider-unavailable", 503, "Identity provider unavailable",
                    "Tokens cannot be verified right now because the identity provider is unreachable.", null);
            return ProblemResponses.of(problem, headers, Map.of("Retry-After", "5"));
        }
    }
}
