package io.tributary.ingest.writer.runtime;

import io.tributary.contracts.iceberg.WarehouseFileIO;
import io.tributary.contracts.iceberg.WriterView;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.config.S3Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.auth.OAuth2Properties;
import org.eclipse.microprofile.config.Config;

/**
 * The lake writer's Iceberg REST catalog client: the catalog service's {@code /iceberg} endpoint, reached with this
 * service's client-credentials token ({@code quarkus.oidc-client.*}).
 */
@ApplicationScoped
public class WriterCatalogClient {

    @Inject
    WriterConfig config;

    @Inject
    IngestConfig ingest;

    @Inject
    S3Config s3;
    /** The OIDC settings belong to Quarkus' own extensions; read here as they are configured. */
    @Inject
    Config quarkus;

    public String catalogUri() {
        return config.catalogUri().orElse(catalogBaseUrl() + "/iceberg");
    }

    public String catalogBaseUrl() {
        return stripSlash(ingest.contracts().catalog().url());
    }

    /** A new client that loads whole tables; the caller closes it. */
    public RESTCatalog open() {
        return open(false);
    }

    /**
     * A new client for the lake writer: its loads and commits are answered with the catalog's writer view of each
     * table ({@link WriterView}: branch and tag heads and the history back to the latest checkpoints), not every
     * snapshot of the last hour. The caller closes it.
     */
    public RESTCatalog openForWriter() {
        return open(true);
    }

    private RESTCatalog open(boolean writerView) {
        Map<String, String> properties = new HashMap<>();
        if (writerView) {
            // Iceberg's client sends a "header."-prefixed property as a header on every request.
            properties.put("header." + WriterView.HEADER, WriterView.CHECKPOINTS);
        }
        properties.put(CatalogProperties.URI, catalogUri());
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, config.warehouse());
        // Data files go where each table lives: s3:// through S3FileIO (endpoint, region and path style come from the
        // catalog's /v1/config; keys from tributary.s3.* or the AWS SDK's default chain), file: through java.nio.
        properties.put(CatalogProperties.FILE_IO_IMPL, WarehouseFileIO.class.getName());
        properties.put("http-client.type", "urlconnection");
        s3.accessKey().ifPresent(key -> properties.put("s3.access-key-id", key));
        s3.secretKey().ifPresent(secret -> properties.put("s3.secret-access-key", secret));
        properties.put("rest.auth.type", "oauth2");
        properties.put(
                OAuth2Properties.CREDENTIAL,
                quarkus.getOptionalValue("quarkus.oidc-client.client-id", String.class)
                                .orElse("tributary-ingest") + ":"
                        + quarkus.getOptionalValue("quarkus.oidc-client.credentials.secret", String.class)
                                .orElse(""));
        properties.put(
                OAuth2Properties.OAUTH2_SERVER_URI,
                stripSlash(quarkus.getValue("quarkus.oidc.auth-server-url", String.class))
                        + "/protocol/openid-connect/token");
        properties.put(OAuth2Properties.SCOPE, config.scope());
        // Keycloak does not do token exchange for this client; a new client-credentials token replaces an expiring one.
        properties.put(OAuth2Properties.TOKEN_EXCHANGE_ENABLED, "false");
        // Iceberg's client retries an answer like 500 five times over about 30 s, holding the writer's one loop (and
        // every other table) meanwhile; the writer has its own retries (retry-interval, doubling for a table that keeps
        // failing), so the client gives up sooner.
        properties.put("rest.client.max-retries", "2");
        // Iceberg's client would post a metrics report after every commit: one more request per commit, which the
        // writer's own metrics and lineage events already cover.
        properties.put("rest-metrics-reporting-enabled", "false");
        properties.putAll(config.catalog());
        RESTCatalog rest = new RESTCatalog();
        rest.setConf(new Configuration());
        try {
            rest.initialize("tributary", properties);
        } catch (RuntimeException e) {
            try {
                rest.close();
            } catch (Exception ignored) {
                // nothing to release
            }
            throw e;
        }
        return rest;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
