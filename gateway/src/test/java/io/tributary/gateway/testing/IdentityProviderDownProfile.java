package io.tributary.gateway.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** The gateway pointed at an identity provider that does not answer. */
public class IdentityProviderDownProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Map.of(
                    "quarkus.oidc.auth-server-url", "http://127.0.0.1:" + socket.getLocalPort() + "/realms/quarkus");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
