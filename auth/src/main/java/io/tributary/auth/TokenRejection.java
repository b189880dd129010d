package io.tributary.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Why a bearer token was refused, in classes a client can act on. The gateway and every service name the same class in
 * their 401 answers; none of them repeats a key id, a claim value or the validator's own message.
 */
public enum TokenRejection {
    MALFORMED("malformed", "The bearer token is not a signed JWT."),
    DISALLOWED_ALGORITHM(
            "disallowed-algorithm",
            "The bearer token is not signed with an accepted asymmetric algorithm (RS, PS, ES or EdDSA)."),
    UNKNOWN_KEY("unknown-key", "The bearer token is signed by a key the identity provider does not publish."),
    BAD_SIGNATURE("bad-signature", "The bearer token's signature does not match its content."),
    WRONG_ISSUER("wrong-issuer", "The bearer token was issued by another identity provider or realm."),
    WRONG_AUDIENCE("wrong-audience", "The bearer token is not issued for this suite's audience."),
    EXPIRED("expired", "The bearer token has expired."),
    NOT_YET_VALID("not-yet-valid", "The bearer token is not valid yet."),
    INVALID("invalid", "The bearer token is invalid.");

    /** What Quarkus OIDC verifies Keycloak's tokens with; anything else ({@code none}, HMAC) is refused unread. */
    public static final Set<String> ACCEPTED_ALGORITHMS =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

    private static final ObjectMapper JSON = new ObjectMapper();
    // When several checks fail at once, the one named is the first of these.
    private static final List<Integer> CLAIM_ERRORS = List.of(
            ErrorCodes.SIGNATURE_INVALID,
            ErrorCodes.SIGNATURE_MISSING,
            ErrorCodes.ISSUER_INVALID,
            ErrorCodes.ISSUER_MISSING,
            ErrorCodes.AUDIENCE_INVALID,
            ErrorCodes.AUDIENCE_MISSING,
            ErrorCodes.EXPIRED,
            ErrorCodes.NOT_YET_VALID,
            ErrorCodes.ISSUED_AT_INVALID_FUTURE,
            ErrorCodes.JSON_INVALID,
            ErrorCodes.MALFORMED_CLAIM,
            ErrorCodes.EXPIRATION_MISSING,
            ErrorCodes.ISSUED_AT_MISSING);

    private final String reason;
    private final String sentence;

    TokenRejection(String reason, String sentence) {
        this.reason = reason;
        this.sentence = sentence;
    }

    /** The class as clients see it, e.g. {@code unknown-key}. */
    public String reason() {
        return reason;
    }

    /** The problem detail: what is wrong, then the class, e.g. {@code "The bearer token has expired. Reason: expired."}. */
    public String detail() {
        return sentence + " Reason: " + reason + ".";
    }

    /** The {@code WWW-Authenticate} challenge of RFC 6750 for this refusal. */
    public String challenge() {
        return "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"";
    }

    /** The token of an {@code Authorization: Bearer ...} header value, or null when there is none. */
    public static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /**
     * What can be told from the token alone, before any key is looked up: a token that is not a JWS, or one signed with
     * an algorithm that is never accepted. Empty when only the verifier can tell.
     */
    public static Optional<TokenRejection> precheck(String token) {
        JsonNode header = header(token);
        if (header == null) {
            return Optional.of(MALFORMED);
        }
        if (!ACCEPTED_ALGORITHMS.contains(header.path("alg").asText(""))) {
            return Optional.of(DISALLOWED_ALGORITHM);
        }
        return Optional.empty();
    }

    /** The class of a verifier's refusal of {@code token}; {@code failure} is what the OIDC layer reported. */
    public static TokenRejection classify(String token, Throwable failure) {
        Optional<TokenRejection> early = token == null ? Optional.empty() : precheck(token);
        if (early.isPresent()) {
            return early.get();
        }
        InvalidJwtException invalid = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnresolvableKeyException) {
                return UNKNOWN_KEY;
            }
            if (invalid == null && t instanceof InvalidJwtException jwt) {
                invalid = jwt;
            }
        }
        if (invalid == null) {
            return INVALID;
        }
        for (int code : CLAIM_ERRORS) {
            if (invalid.hasErrorCode(code)) {
                return fromCode(code);
            }
        }
        return INVALID;
    }

    private static TokenRejection fromCode(int code) {
        return switch (code) {
            case ErrorCodes.SIGNATURE_INVALID, ErrorCodes.SIGNATURE_MISSING -> BAD_SIGNATURE;
            case ErrorCodes.ISSUER_INVALID, ErrorCodes.ISSUER_MISSING -> WRONG_ISSUER;
            case ErrorCodes.AUDIENCE_INVALID, ErrorCodes.AUDIENCE_MISSING -> WRONG_AUDIENCE;
            case ErrorCodes.EXPIRED -> EXPIRED;
            case ErrorCodes.NOT_YET_VALID, ErrorCodes.ISSUED_AT_INVALID_FUTURE -> NOT_YET_VALID;
            case ErrorCodes.JSON_INVALID, ErrorCodes.MALFORMED_CLAIM -> MALFORMED;
            default -> INVALID;
        };
    }

    /** The JOSE header of a compact JWS with a JSON payload, or null if the token is not one. */
    private static JsonNode header(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return null;
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode payload =
                    JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return header != null && header.isObject() && payload != null && payload.isObject() ? header : null;
        } catch (IllegalArgumentException | java.io.IOException notAJws) {
            return null;
        }
    }
}
