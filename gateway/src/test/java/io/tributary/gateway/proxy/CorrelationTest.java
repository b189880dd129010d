package io.tributary.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class CorrelationTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void keepsUsableValues() {
        Correlation correlation = Correlation.of("req-1", VALID);
        assertThat(correlation.requestId()).isEqualTo("req-1");
        assertThat(correlation.traceparent()).isEqualTo(VALID);
    }

    @Test
    void createsAVersion7RequestIdAndASampledTraceWhenAbsent() {
        Correlation correlation = Correlation.of(null, null);
        assertThat(UUID.fromString(correlation.requestId()).version()).isEqualTo(7);
        assertThat(correlation.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(Correlation.isValidTraceparent(correlation.traceparent())).isTrue();
    }

    @Test
    void replacesInvalidTraceparents() {
        assertThat(Correlation.isValidTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
                .isFalse();
        assertThat(Correlation.isValidTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"))
                .isFalse();
        assertThat(Correlation.isValidTraceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
                .isFalse();
        assertThat(Correlation.of("r", "garbage").traceparent()).isNotEqualTo("garbage");
    }

    @Test
    void replacesRequestIdsUnfitForLogs() {
        assertThat(Correlation.of("evil\r\nX-Injected: 1", VALID).requestId()).doesNotContain("\n");
        assertThat(Correlation.of("x".repeat(500), VALID).requestId()).hasSizeLessThan(100);
    }
}
