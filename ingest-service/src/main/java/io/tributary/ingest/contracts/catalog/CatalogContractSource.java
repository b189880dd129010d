package io.tributary.ingest.contracts.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.ingest.core.ContractJson;
import io.tributary.ingest.core.ContractSource;
import io.tributary.ingest.core.IngestContract;
import io.tributary.ingest.core.TableId;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Contracts from the catalog: {@code GET {catalog}/api/catalog/v1/namespaces/{ns}/tables/{table}/contract}, which
 * answers {@code {"version": n, "schema": <Iceberg schema JSON>, "key": "field.path"}} ({@code key} optional) or 404.
 * Answers are cached for a while (and dropped at once when a catalog event says the table changed); when the
 * catalog cannot be reached, the last contract fetched is used instead of failing producers.
 */
public final class CatalogContractSource implements ContractSource {

    private static final Logger LOG = Logger.getLogger(CatalogContractSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Duration timeout;
    private final Duration cacheTtl;
    private final Duration missingTtl;
    private final Supplier<String> accessToken;
    private final Clock clock;
    private final HttpClient http;
    private final Map<TableId, Cached> cache = new ConcurrentHashMap<>();

    /** @param accessToken a client-credentials token of this service, fetched (and refreshed) on demand */
    public CatalogContractSource(
            String baseUrl,
            Duration timeout,
            Duration cacheTtl,
            Duration missingTtl,
            Supplier<String> accessToken,
            Clock clock) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.cacheTtl = cacheTtl;
        this.missingTtl = missingTtl;
        this.accessToken = accessToken;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    private record Cached(Optional<IngestContract> contract, Instant expires) {}

    @Override
    public Optional<IngestContract> find(TableId table) {
        Instant now = clock.instant();
        Cached cached = cache.get(table);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.contract();
        }
        try {
            Optional<IngestContract> fresh = fetch(table);
            cache.put(table, new Cached(fresh, now.plus(fresh.isPresent() ? cacheTtl : missingTtl)));
            return fresh;
        } catch (ContractUnavailableException e) {
            if (cached != null && cached.contract().isPresent()) {
                LOG.warnf("Using the cached contract of %s: %s", table, e.getMessage());
                return cached.contract();
            }
            throw e;
        }
    }

    @Override
    public void invalidate(TableId table, boolean gone) {
        if (gone) {
            cache.remove(table);
        } else {
            // Kept, expired: still the fallback while the catalog is unreachable.
            cache.computeIfPresent(table, (t, cached) -> new Cached(cached.contract(), Instant.MIN));
        }
    }

    @Override
    public void invalidateAll() {
        cache.replaceAll((t, cached) -> new Cached(cached.contract(), Instant.MIN));
    }

    private Optional<IngestContract> fetch(TableId table) {
        URI uri = URI.create(baseUrl + "/api/catalog/v1/namespaces/" + segment(table.namespace()) + "/tables/"
                + segment(table.name()) + "/contract");
        HttpResponse<byte[]> response;
        try {
            String token = accessToken.get();
            response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(timeout)
                            .header("Accept", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ContractUnavailableException(
                    "The catalog cannot be reached at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContractUnavailableException("Interrupted while asking the catalog for a contract.", e);
        } catch (RuntimeException e) {
            throw new ContractUnavailableException("No token to call the catalog with: " + e.getMessage(), e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new ContractUnavailableException(
                    "The catalog answered " + response.statusCode() + " for the contract of " + table + ".", null);
        }
        try {
            return Optional.of(ContractJson.parse(table, JSON.readTree(response.body())));
        } catch (IOException | IllegalArgumentException e) {
            throw new ContractUnavailableException(
                    "The catalog sent an unusable contract for " + table + ": " + e.getMessage(), e);
        }
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
