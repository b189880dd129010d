package io.tributary.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    private static MultiMap incoming() {
        return MultiMap.caseInsensitiveMultiMap()
                .add("X-Forwarded-For", "203.0.113.7")
                .add("X-Forwarded-Proto", "https")
                .add("X-Forwarded-Host", "data.example.com");
    }

    @Test
    void untrustedCallersCannotClaimAnotherOrigin() {
        MultiMap forwarded = MultiMap.caseInsensitiveMultiMap();
        ForwardedHeaders.addForwarding(incoming(), forwarded, "10.0.0.9", "http", "gateway:8080", false);
        assertThat(forwarded.get("X-Forwarded-For")).isEqualTo("10.0.0.9");
        assertThat(forwarded.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(forwarded.get("X-Forwarded-Host")).isEqualTo("gateway:8080");
    }

    @Test
    void behindATrustedIngressItsValuesAreKeptAndExtended() {
        MultiMap forwarded = MultiMap.caseInsensitiveMultiMap();
        ForwardedHeaders.addForwarding(incoming(), forwarded, "10.0.0.9", "http", "gateway:8080", true);
        assertThat(forwarded.get("X-Forwarded-For")).isEqualTo("203.0.113.7, 10.0.0.9");
        assertThat(forwarded.get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(forwarded.get("X-Forwarded-Host")).isEqualTo("data.example.com");
    }

    @Test
    void dropsHopByHopHeadersAndThoseNamedInConnection() {
        MultiMap from = MultiMap.caseInsensitiveMultiMap()
                .add("Connection", "keep-alive, X-Private")
                .add("X-Private", "secret")
                .add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked")
                .add("Proxy-Authorization", "Basic x")
                .add("Upgrade", "h2c")
                .add("Accept", "application/json")
                .add("Host", "gateway");
        MultiMap to = MultiMap.caseInsensitiveMultiMap();
        ForwardedHeaders.copyEndToEnd(from, to, Set.of("host"));
        assertThat(to.names()).containsExactly("Accept");
    }
}
