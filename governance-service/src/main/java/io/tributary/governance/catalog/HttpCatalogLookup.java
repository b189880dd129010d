package io.tributary.governance.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.CatalogUnavailableException;
import io.tributary.governance.core.TableInfo;
import io.tributary.governance.core.TableRef;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Tables from catalog-service's platform API ({@code GET /api/catalog/v1/namespaces/{ns}/tables/{t}}) with this
 * service's client-credentials token. Answers are cached, dropped when a catalog event says the table changed, and
 * the last answer is used while the catalog cannot be reached.
 */
public final class HttpCatalogLookup implements CatalogLookup {

    private static final Logger LOG = Logger.getLogger(HttpCatalogLookup.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CACHED = 50_000;

    private final CatalogHttp catalogHttp;
    private final Duration ttl;
    private final Duration missingTtl;
    private final Clock clock;
    private final Map<TableRef, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<TableInfo> table, Instant expires) {}

    public HttpCatalogLookup(
            String baseUrl, Duration timeout, Duration ttl, Duration missingTtl, Supplier<String> token, Clock clock) {
        this.catalogHttp = new CatalogHttp(baseUrl, timeout, token);
        this.ttl = ttl;
        this.missingTtl = missingTtl;
        this.clock = clock;
    }

    @Override
    public Optional<TableInfo> table(TableRef ref) {
        Instant now = clock.instant();
        Cached cached = cache.get(ref);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.table();
        }
        try {
            Optional<TableInfo> fresh = fetch(ref);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(ref, new Cached(fresh, now.plus(fresh.isPresent() ? ttl : missingTtl)));
            return fresh;
        } catch (CatalogUnavailableException e) {
            if (cached != null) {
                LOG.warnf("Using what is cached about %s: %s", ref, e.getMessage());
                return cached.table();
            }
            throw e;
        }
    }

    @Override
    public void invalidate(TableRef ref) {
        cache.remove(ref);
    }

    private Optional<TableInfo> fetch(TableRef ref) {
        HttpResponse<byte[]> response =
                catalogHttp.send(HttpRequest.newBuilder(catalogHttp.table(ref)).GET(), ref);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new CatalogUnavailableException(
                    "The catalog answered " + response.statusCode() + " about " + ref, null);
        }
        try {
            return Optional.of(CatalogTables.parse(ref, JSON.readTree(response.body())));
        } catch (IOException | RuntimeException e) {
            throw new CatalogUnavailableException(
                    "The catalog sent an unusable answer about " + ref + ": " + e.getMessage(), e);
        }
    }
}
