package io.tributary.auth.jaxrs;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.tributary.auth.TokenRejection;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
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

    private SecurityProblemMappers() {}

    static Response unauthenticated(MeterRegistry registry, HttpHeaders headers, String detail) {
        return unauthenticated(registry, headers, detail, CHALLENGE);
    }

    static Response unauthenticated(
            MeterRegistry registry, HttpHeaders headers, String detail, Map<String, String> challenge) {
        registry.counter(METRIC, "reason", "unauthenticated").increment();
        Problem problem = ProblemType.UNAUTHENTICATED.problem(detail);
        return ProblemResponses.of(problem, headers, challenge);
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
            // The class of the refusal (expired, unknown-key, ...) as the gateway names it; never the validator's own
            // message, which quotes claims and key ids.
            TokenRejection rejection = TokenRejection.classify(
                    TokenRejection.bearerToken(headers.getHeaderString(HttpHeaders.AUTHORIZATION)), exception);
            return unauthenticated(
                    registry, headers, rejection.detail(), Map.of("WWW-Authenticate", rejection.challenge()));
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
            Problem problem =
                    ProblemType.FORBIDDEN.problem("The token is valid but lacks a role this operation requires.");
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
            Problem problem = ProblemType.IDENTITY_PROVIDER_UNAVAILABLE.problem(
                    "Tokens cannot be verified right now because the identity provider is unreachable.");
            return ProblemResponses.of(problem, headers, Map.of("Retry-After", "5"));
        }
    }
}
