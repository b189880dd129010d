package io.tributary.auth.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * Signed tokens for {@code @QuarkusTest}s that run against {@code OidcWiremockTestResource}: they are signed with
 * the key its JWKS publishes, so the service validates them exactly as it would a Keycloak token.
 */
public final class TestTokens {

    /** The issuer {@code OidcWiremockTestResource} advertises. */
    public static final String ISSUER = "https://server.example.com";

    public static final String AUDIENCE = "https://service.example.com";
    private static final String SIGNING_KEY = "privateKey.jwk";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTokens() {}

    public static String withRoles(String user, String... roles) {
        return claims(user, roles).sign(SIGNING_KEY);
    }

    public static String expired(String user, String... roles) {
        Instant past = Instant.now().minusSeconds(3600);
        return claims(user, roles)
                .issuedAt(past.minusSeconds(300))
                .expiresAt(past)
                .sign(SIGNING_KEY);
    }

    public static String wrongIssuer(String user, String... roles) {
        return claims(user, roles).issuer("https://attacker.example.com").sign(SIGNING_KEY);
    }

    /** A validly signed token whose payload was then altered to claim {@code platform-admin}. */
    public static String tampered(String user, String... roles) {
        String[] parts = withRoles(user, roles).split("\\.");
        try {
            ObjectNode payload =
                    (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            payload.putArray("groups").add("platform-admin");
            String encoded = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8));
            return parts[0] + "." + encoded + "." + parts[2];
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JwtClaimsBuilder claims(String user, String... roles) {
        return Jwt.claims()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(user)
                .preferredUserName(user)
                .groups(Set.of(roles))
                .claim("azp", user)
                .expiresIn(300);
    }
}
