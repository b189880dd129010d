package io.tributary.e2e;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens the suite must refuse, each made the way an attacker or a misconfigured client would make it. Only Keycloak
 * can sign with the realm's key, so the claim defects (expired, not yet valid, wrong issuer, wrong audience) carry the
 * realm's {@code kid} and a foreign signature: they prove the refusal here; the gateway's own tests prove the class
 * named for each defect with validly signed tokens.
 */
final class BadTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private BadTokens() {}

    /** Every bad token by name, in a fixed order; built once per run. */
    static Map<String, String> all() {
        JsonNode realmKey = realmSigningKey();
        String kid = realmKey.path("kid").asText();
        KeyPair rogue = rsaKeyPair();
        long now = Instant.now().getEpochSecond();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("garbage", "not-a-jwt");
        tokens.put("master-realm", Suite.masterRealmToken());
        tokens.put("unknown-key", rs256(rogue.getPrivate(), "rogue-" + UUID.randomUUID(), claims(now)));
        tokens.put("alg-none", encode(header("none", null)) + "." + encode(claims(now)) + ".");
        tokens.put("hmac-with-realm-public-key", hs256(kid, publicKeyPem(realmKey), claims(now)));
        tokens.put("forged-signature", forgedSignature(Suite.userToken("ada")));
        tokens.put("tampered-payload", tamperedPayload(Suite.userToken("nora")));
        tokens.put(
                "expired",
                rs256(
                        rogue.getPrivate(),
                        kid,
                        claims(now).put("iat", now - 3600).put("exp", now - 1800)));
        tokens.put(
                "not-yet-valid",
                rs256(
                        rogue.getPrivate(),
                        kid,
                        claims(now).put("nbf", now + 1800).put("exp", now + 3600)));
        tokens.put(
                "wrong-issuer",
                rs256(
                        rogue.getPrivate(),
                        kid,
                        claims(now).put("iss", "https://attacker.example.com/realms/tributary")));
        tokens.put("wrong-audience", rs256(rogue.getPrivate(), kid, claims(now).put("aud", "another-audience")));
        return tokens;
    }

    /** Claims a platform admin's token from this realm would carry. */
    private static ObjectNode claims(long now) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", Suite.issuer())
                .put("aud", "tributary")
                .put("sub", UUID.randomUUID().toString())
                .put("azp", "tributary-cli")
                .put("typ", "Bearer")
                .put("preferred_username", "mallory")
                .put("iat", now)
                .put("exp", now + 300);
        claims.putArray("groups").add("platform-admin");
        claims.putObject("realm_access").putArray("roles").add("platform-admin");
        return claims;
    }

    private static ObjectNode header(String alg, String kid) {
        ObjectNode header = JSON.createObjectNode().put("alg", alg).put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        return header;
    }

    private static String rs256(PrivateKey key, String kid, ObjectNode claims) {
        String input = encode(header("RS256", kid)) + "." + encode(claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The algorithm-confusion forgery: HMAC keyed with the realm's public key, which anyone can fetch. */
    private static String hs256(String kid, String secret, ObjectNode claims) {
        String input = encode(header("HS256", kid)) + "." + encode(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String forgedSignature(String token) {
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x5a;
        return parts[0] + "." + parts[1] + "." + B64.encodeToString(signature);
    }

    /** A role-less user's real token, rewritten to claim platform-admin, with its original signature. */
    private static String tamperedPayload(String token) {
        String[] parts = token.split("\\.");
        try {
            ObjectNode payload =
                    (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            payload.putArray("groups").add("platform-admin");
            payload.putObject("realm_access").putArray("roles").add("platform-admin");
            return parts[0] + "." + encode(payload) + "." + parts[2];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode realmSigningKey() {
        String body = given().when()
                .get(Suite.issuer() + "/protocol/openid-connect/certs")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        try {
            for (JsonNode key : JSON.readTree(body).path("keys")) {
                if ("RSA".equals(key.path("kty").asText())
                        && "sig".equals(key.path("use").asText("sig"))
                        && List.of("RS256", "").contains(key.path("alg").asText(""))) {
                    return key;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("The realm publishes no RS256 signing key");
    }

    private static String publicKeyPem(JsonNode jwk) {
        try {
            BigInteger n = new BigInteger(
                    1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
            BigInteger e = new BigInteger(
                    1, Base64.getUrlDecoder().decode(jwk.path("e").asText()));
            byte[] der = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(n, e))
                    .getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String encode(JsonNode json) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
