package io.tributary.gateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts one {@link FakeService} per backend on a random local port and points the gateway at them. Under
 * {@link BackendDownProfile} the governance URL names a port nobody listens on.
 */
public class FakeBackends implements QuarkusTestResourceLifecycleManager {

    public static final List<String> SERVICES = List.of("catalog", "ingest", "query", "governance");

    private Vertx vertx;
    private String profile;

    @Override
    public void setContext(Context context) {
        profile = context.testProfile();
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String service : SERVICES) {
            int port;
            if (BackendDownProfile.class.getName().equals(profile) && service.equals(BackendDownProfile.DOWN)) {
                port = closedPort();
            } else {
                HttpServer server = vertx.createHttpServer().requestHandler(new FakeService(service));
                port = server.listen(0, "127.0.0.1")
                        .toCompletionStage()
                        .toCompletableFuture()
                        .join()
                        .actualPort();
            }
            config.put("tributary.gateway." + service + "-url", "http://127.0.0.1:" + port);
        }
        return config;
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
