package io.tributary.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.AuthenticationFailedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;
import org.junit.jupiter.api.Test;

class TokenRejectionTest {

    private static final String RS256 = jws("{\"alg\":\"RS256\",\"kid\":\"k\"}");

    @Test
    void tokensNoKeyCouldVerifyAreRefusedUnread() {
        assertThat(TokenRejection.precheck("not-a-jwt")).contains(TokenRejection.MALFORMED);
        assertThat(TokenRejection.precheck("a.b.c")).contains(TokenRejection.MALFORMED);
        assertThat(TokenRejection.precheck(jws("{\"alg\":\"none\"}"))).contains(TokenRejection.DISALLOWED_ALGORITHM);
        assertThat(TokenRejection.precheck(jws("{\"alg\":\"HS256\"}"))).contains(TokenRejection.DISALLOWED_ALGORITHM);
        assertThat(TokenRejection.precheck(RS256)).isEmpty();
    }

    @Test
    void theVerifiersFailureNamesTheClass() {
        assertThat(TokenRejection.classify(
                        RS256,
                        new AuthenticationFailedException(new InvalidJwtException(
                                "no key",
                                new ErrorCodeValidator.Error(ErrorCodes.MISCELLANEOUS, "x"),
                                new UnresolvableKeyException("kid k"),
                                null))))
                .isEqualTo(TokenRejection.UNKNOWN_KEY);
        assertThat(TokenRejection.classify(RS256, failed(ErrorCodes.EXPIRED, ErrorCodes.AUDIENCE_INVALID)))
                .isEqualTo(TokenRejection.WRONG_AUDIENCE);
        assertThat(TokenRejection.classify(RS256, failed(ErrorCodes.NOT_YET_VALID)))
                .isEqualTo(TokenRejection.NOT_YET_VALID);
        assertThat(TokenRejection.classify(RS256, new AuthenticationFailedException()))
                .isEqualTo(TokenRejection.INVALID);
    }

    @Test
    void detailAndChallengeNameTheClassOnly() {
        assertThat(TokenRejection.EXPIRED.detail()).isEqualTo("The bearer token has expired. Reason: expired.");
        assertThat(TokenRejection.UNKNOWN_KEY.challenge())
                .isEqualTo("Bearer error=\"invalid_token\", error_description=\"unknown-key\"");
        assertThat(TokenRejection.bearerToken("bearer abc ")).isEqualTo("abc");
        assertThat(TokenRejection.bearerToken("Basic abc")).isNull();
    }

    private static AuthenticationFailedException failed(int... codes) {
        List<ErrorCodeValidator.Error> errors = java.util.Arrays.stream(codes)
                .mapToObj(code -> new ErrorCodeValidator.Error(code, "m"))
                .toList();
        return new AuthenticationFailedException(new InvalidJwtException("bad", errors, null));
    }

    private static String jws(String header) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + ".sig";
    }
}
