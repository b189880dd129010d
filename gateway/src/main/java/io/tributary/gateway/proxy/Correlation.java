package io.tributary.gateway.proxy;

import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.Uuid7;
import io.tributary.contracts.problem.jaxrs.ProblemResponses;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The request id and W3C trace context of one request: the caller's when it sent usable ones, otherwise new.
 *
 * @param requestId   {@code X-Request-Id}
 * @param traceparent {@code traceparent}
 */
public record Correlation(String requestId, String traceparent) {

    public static final String REQUEST_ID = ProblemResponses.REQUEST_ID_HEADER;
    public static final String TRACEPARENT = EventHeaders.TRACEPARENT;

    // version 00 as defined by W3C Trace Context; all-zero trace or parent ids are invalid.
    private static final Pattern TRACEPARENT_FORMAT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    // Request ids end up in logs and problem bodies: accept only short, visible ASCII.
    private static final Pattern REQUEST_ID_FORMAT = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    public static Correlation of(String requestId, String traceparent) {
        return new Correlation(
                requestId != null && REQUEST_ID_FORMAT.matcher(requestId).matches()
                        ? requestId
                        : Uuid7.next().toString(),
                isValidTraceparent(traceparent) ? traceparent : newTraceparent());
    }

    static boolean isValidTraceparent(String value) {
        return value != null
                && TRACEPARENT_FORMAT.matcher(value).matches()
                && !value.startsWith("00-00000000000000000000000000000000-")
                && !value.substring(36, 52).equals("0000000000000000");
    }

    /** A new sampled trace: {@code 00-<32 hex trace id>-<16 hex parent id>-01}. */
    static String newTraceparent() {
        byte[] traceId = new byte[16];
        byte[] parentId = new byte[8];
        do {
            RANDOM.nextBytes(traceId);
            RANDOM.nextBytes(parentId);
        } while (isZero(traceId) || isZero(parentId));
        return "00-" + HEX.formatHex(traceId) + "-" + HEX.formatHex(parentId) + "-01";
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
