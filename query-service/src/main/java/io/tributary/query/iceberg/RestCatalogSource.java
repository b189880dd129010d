package io.tributary.query.iceberg;

import io.tributary.query.core.Caller;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.auth.OAuth2Properties;
import org.jboss.logging.Logger;

/**
 * The catalog's Iceberg REST API with the caller's own bearer token, so the catalog applies its own access rules to
 * every table a statement reads. One client per token is kept (a bounded few), since opening one asks the catalog for
 * its config.
 */
public final class RestCatalogSource implements CatalogSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RestCatalogSource.class);

    private final Map<String, String> base;
    private final int maxClients;
    private final LinkedHashMap<String, RESTCatalog> clients = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param uri        the catalog's Iceberg REST API, e.g. {@code http://catalog:8081/iceberg}
     * @param warehouse  the warehouse name the catalog serves
     * @param properties further client properties (S3 keys for S3FileIO, ...)
     */
    public RestCatalogSource(String uri, String warehouse, Map<String, String> properties, int maxClients) {
        Map<String, String> settings = new HashMap<>();
        settings.put(CatalogProperties.URI, uri);
        settings.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
        // s3:// files through S3FileIO (endpoint and region from the catalog's /v1/config), local ones through Hadoop.
        settings.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.io.ResolvingFileIO");
        settings.put("http-client.type", "urlconnection");
        settings.put("rest.client.max-retries", "2");
        // A statement reads a table's current snapshot, or one snapshot of its past: the load answer need not carry
        // every snapshot the table has (thousands on a table committed every second, tens of MB once parsed). Only
        // those a branch or tag names come with it; a read of another snapshot fetches the rest then.
        settings.put(RESTCatalogProperties.SNAPSHOT_LOADING_MODE, RESTCatalogProperties.SnapshotMode.REFS.name());
        settings.putAll(properties);
        this.base = Map.copyOf(settings);
        this.maxClients = maxClients;
    }

    @Override
    public Catalog catalogFor(Caller caller) {
        String token = caller.bearerToken();
        synchronized (clients) {
            RESTCatalog client = clients.get(token);
            if (client != null) {
                return client;
            }
        }
        Map<String, String> properties = new HashMap<>(base);
        properties.put(OAuth2Properties.TOKEN, token);
        // The caller's token is used as it is; the client never trades it for another.
        properties.put(OAuth2Properties.TOKEN_EXCHANGE_ENABLED, "false");
        properties.put(OAuth2Properties.TOKEN_REFRESH_ENABLED, "false");
        RESTCatalog client = new RESTCatalog();
        client.setConf(new Configuration());
        client.initialize("tributary", properties);
        synchronized (clients) {
            RESTCatalog raced = clients.putIfAbsent(token, client);
            if (raced != null) {
                closeQuietly(client);
                return raced;
            }
            while (clients.size() > maxClients) {
                var eldest = clients.entrySet().iterator();
                RESTCatalog evicted = eldest.next().getValue();
                eldest.remove();
                closeQuietly(evicted);
            }
        }
        return client;
    }

    private static void closeQuietly(RESTCatalog client) {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debugf("Closing a catalog client: %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.values().forEach(RestCatalogSource::closeQuietly);
            clients.clear();
        }
    }
}
