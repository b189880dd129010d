package io.tributary.gateway.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bad tokens of every class a verifier must refuse, aimed at {@code OidcWiremockTestResource}: each one is correct in
 * every respect but the one its name says.
 */
public final class ForgedTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final KeyPair ROGUE = rsaKeyPair();

    private ForgedTokens() {}

    /** Signed by a key the identity provider never published, as a token from another realm is. */
    public static String unknownKey(String kid) {
        return claims().jws().keyId(kid).sign(ROGUE.getPrivate());
    }

    /** {@code alg: none}, no signature at all. */
    public static String algNone() {
        return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(payload()) + ".";
    }

    /** HS256 keyed with the identity provider's public JWK, the classic algorithm-confusion forgery. */
    public static String hmacWithPublicKey() {
        String signingInput = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"1\"}") + "." + encode(payload());
        try (InputStream jwk = ForgedTokens.class.getClassLoader().getResourceAsStream("publicKey.jwk")) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(jwk.readAllBytes(), "HmacSHA256"));
            return signingInput + "."
                    + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token whose signature was then altered. */
    public static String forgedSignature() {
        String[] parts = TestTokens.withRoles("eve", Roles.PLATFORM_ADMIN).split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x5a;
        return parts[0] + "." + parts[1] + "." + B64.encodeToString(signature);
    }

    public static String wrongAudience() {
        return claims().audience("https://another-service.example.com").sign("privateKey.jwk");
    }

    public static String notYetValid() {
        return claims().claim("nbf", Instant.now().plusSeconds(600).getEpochSecond())
                .expiresIn(3600)
                .sign("privateKey.jwk");
    }

    private static JwtClaimsBuilder claims() {
        return Jwt.claims()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject("eve")
                .groups(Set.of(Roles.PLATFORM_ADMIN))
                .claim("azp", "eve")
                .expiresIn(300);
    }

    private static String payload() {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                + "\",\"sub\":\"eve\",\"azp\":\"eve\"," + "\"groups\":[\"" + Roles.PLATFORM_ADMIN + "\"],\"iat\":" + now
                + ",\"exp\":" + (now + 300) + "}";
    }

    private static String encode(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
