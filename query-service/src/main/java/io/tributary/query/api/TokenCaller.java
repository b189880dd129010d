package io.tributary.query.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.tributary.query.core.Caller;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller a validated bearer token describes. */
final class TokenCaller {

    /** Claims that describe the token itself rather than its holder; every other string claim is an attribute. */
    private static final Set<String> TOKEN_CLAIMS = Set.of(
            "iss",
            "sub",
            "aud",
            "exp",
            "iat",
            "nbf",
            "jti",
            "typ",
            "azp",
            "sid",
            "session_state",
            "acr",
            "nonce",
            "at_hash",
            "scope",
            "auth_time",
            "preferred_username",
            "upn",
            "groups",
            "raw_token");

    private TokenCaller() {}

    static Caller of(SecurityIdentity identity, JsonWebToken token) {
        String principal = text(token.getClaim("preferred_username"));
        if (principal == null) {
            principal = identity.getPrincipal().getName();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : token.getClaimNames()) {
            String text = text(token.getClaim(name));
            if (!TOKEN_CLAIMS.contains(name) && text != null && !text.isEmpty() && text.length() <= 1024) {
                attributes.put(name, text);
            }
        }
        return new Caller(principal, text(token.getClaim("azp")), identity.getRoles(), attributes, token.getRawToken());
    }

    private static String text(Object claim) {
        return claim instanceof jakarta.json.JsonString string
                ? string.getString()
                : claim instanceof String string ? string : null;
    }
}
