package io.tributary.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;

/** Asks a {@link FakeService} directly (not through the gateway) what it saw. */
public final class FakeBackendControl {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private FakeBackendControl() {}

    public static String url(String service) {
        return ConfigProvider.getConfig().getValue("tributary.gateway." + service + "-url", String.class);
    }

    /** How many requests for exactly this path reached the service. */
    public static long hits(String service, String path) {
        return get(service, "/test/hits?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
                .getLong("count");
    }

    /** Bytes of upload {@code id} the service has received so far. */
    public static long uploaded(String service, String id) {
        return get(service, "/test/progress?id=" + id).getLong("bytes");
    }

    /** Lets download {@code id} continue past its pause point. */
    public static void release(String service, String id) {
        get(service, "/test/release?id=" + id);
    }

    private static JsonObject get(String service, String pathAndQuery) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url(service) + pathAndQuery))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new JsonObject(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
