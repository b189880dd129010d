package io.tributary.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.tributary.gateway.config.Backend;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class UpstreamFailureTest {

    @Test
    void refusedOrUnresolvableBackendIsUnavailable() {
        assertThat(UpstreamFailure.classify(new ConnectException("Connection refused")))
                .isEqualTo(UpstreamFailure.UNAVAILABLE);
        assertThat(UpstreamFailure.classify(new UnknownHostException("query-service")))
                .isEqualTo(UpstreamFailure.UNAVAILABLE);
        assertThat(UpstreamFailure.classify(new VertxException(new ConnectException("refused"))))
                .isEqualTo(UpstreamFailure.UNAVAILABLE);
    }

    @Test
    void connectAndIdleTimeoutsAreTimeouts() {
        assertThat(UpstreamFailure.classify(new ConnectTimeoutException("connection timed out")))
                .isEqualTo(UpstreamFailure.TIMEOUT);
        assertThat(UpstreamFailure.classify(new NoStackTraceTimeoutException("idle")))
                .isEqualTo(UpstreamFailure.TIMEOUT);
    }

    @Test
    void anythingElseIsABadGateway() {
        assertThat(UpstreamFailure.classify(new HttpClosedException("Connection was closed")))
                .isEqualTo(UpstreamFailure.BAD_RESPONSE);
        assertThat(UpstreamFailure.classify(new IllegalArgumentException("invalid version format")))
                .isEqualTo(UpstreamFailure.BAD_RESPONSE);
    }

    @Test
    void problemsNameTheServiceAndCarryTheirStatus() {
        assertThat(UpstreamFailure.UNAVAILABLE.problem(Backend.QUERY).detail())
                .isEqualTo("query-service is unavailable.");
        assertThat(UpstreamFailure.TIMEOUT.problem(Backend.QUERY).status()).isEqualTo(504);
        assertThat(UpstreamFailure.BAD_RESPONSE.problem(Backend.CATALOG).status())
                .isEqualTo(502);
    }
}
