package io.tributary.gateway.proxy;

import io.tributary.gateway.config.Backend;
import io.tributary.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/** One pooled HTTP/1.1 client per backend, shared by the proxy, the readiness probes and the OpenAPI fetcher. */
@ApplicationScoped
public class BackendClients {

    private final GatewayConfig config;
    private final Map<Backend, HttpClient> clients = new EnumMap<>(Backend.class);
    private final Map<Backend, URI> urls = new EnumMap<>(Backend.class);

    BackendClients(Vertx vertx, GatewayConfig config) {
        this.config = config;
        for (Backend backend : Backend.values()) {
            URI url = URI.create(config.url(backend));
            if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException(
                        "tributary.gateway." + backend.key() + "-url must be an http(s) URL, got " + url);
            }
            boolean tls = "https".equals(url.getScheme());
            HttpClientOptions options = new HttpClientOptions()
                    .setDefaultHost(url.getHost())
                    .setDefaultPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80)
                    .setSsl(tls)
                    .setConnectTimeout((int) config.connectTimeout(backend).toMillis())
                    .setKeepAlive(true)
                    // Bytes pass through exactly as the backend sent them, compressed or not.
                    .setDecompressionSupported(false)
                    .setTryUseCompression(false)
                    .setName("gateway-" + backend.key());
            PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerBackend());
            clients.put(backend, vertx.createHttpClient(options, pool));
            urls.put(backend, url);
        }
    }

    public HttpClient client(Backend backend) {
        return clients.get(backend);
    }

    public URI url(Backend backend) {
        return urls.get(backend);
    }

    /** Options for a request to {@code backend} at {@code uri} (path and query), with the backend's timeouts. */
    public RequestOptions request(Backend backend, String uri) {
        return new RequestOptions()
                .setURI(uri)
                .setConnectTimeout(config.connectTimeout(backend).toMillis())
                .setIdleTimeout(config.requestTimeout(backend).toMillis());
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
