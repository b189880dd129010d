package io.tributary.governance.catalog;

import io.tributary.governance.core.CatalogUnavailableException;
import io.tributary.governance.core.TableRef;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/** Calls of catalog-service's platform API with this service's token: one place for its URL, timeout and failures. */
final class CatalogHttp {

    private final String baseUrl;
    private final Duration timeout;
    private final Supplier<String> token;
    private final HttpClient http;

    CatalogHttp(String baseUrl, Duration timeout, Supplier<String> token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** {@code GET}/{@code PATCH} {@code /api/catalog/v1/namespaces/{ns}/tables/{t}}. */
    URI table(TableRef ref) {
        return URI.create(
                baseUrl + "/api/catalog/v1/namespaces/" + segment(ref.namespace()) + "/tables/" + segment(ref.name()));
    }

    /** @throws CatalogUnavailableException when the catalog cannot be reached or there is no token to call it with */
    HttpResponse<byte[]> send(HttpRequest.Builder request, TableRef about) {
        try {
            return http.send(
                    request.timeout(timeout)
                            .header("Accept", "application/json")
                            .header("Authorization", "Bearer " + token.get())
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CatalogUnavailableException(
                    "The catalog cannot be reached at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogUnavailableException("Interrupted while asking the catalog about " + about, e);
        } catch (RuntimeException e) {
            throw new CatalogUnavailableException("No token to call the catalog with: " + e.getMessage(), e);
        }
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
