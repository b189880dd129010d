package io.tributary.gateway.proxy;

import io.tributary.gateway.config.Backend;
import java.util.Locale;

/** The path prefixes the gateway forwards, and where to. The tag is the bounded {@code route} metric label. */
public enum ProxyRoute {
    CATALOG("/api/catalog", Backend.CATALOG),
    INGEST("/api/ingest", Backend.INGEST),
    QUERY("/api/query", Backend.QUERY),
    GOVERNANCE("/api/governance", Backend.GOVERNANCE),
    /** The Iceberg REST Catalog API, which engines expect at the root rather than under /api. */
    ICEBERG("/iceberg", Backend.CATALOG),
    /** Marquez's API, where OpenLineage clients post and Marquez's UI and clients read; the catalog serves all of it. */
    LINEAGE("/api/v1", Backend.CATALOG);

    private final String prefix;
    private final Backend backend;

    ProxyRoute(String prefix, Backend backend) {
        this.prefix = prefix;
        this.backend = backend;
    }

    public String prefix() {
        return prefix;
    }

    public Backend backend() {
        return backend;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a raw (not normalized) request path lies under this route. */
    public boolean covers(String rawPath) {
        return rawPath.equals(prefix) || rawPath.startsWith(prefix + "/");
    }
}
