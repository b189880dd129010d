package io.tributary.gateway.config;

import java.util.Locale;
import java.util.Optional;

/** The services behind the gateway. The key names the service in routes, config, metrics and docs. */
public enum Backend {
    CATALOG,
    INGEST,
    QUERY,
    GOVERNANCE;

    /** {@code catalog}, {@code ingest}, … */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code catalog-service}, the name operators know the service by. */
    public String serviceName() {
        return key() + "-service";
    }

    /** Accepts {@code catalog} as well as {@code catalog-service}. */
    public static Optional<Backend> byName(String name) {
        for (Backend backend : values()) {
            if (backend.key().equalsIgnoreCase(name) || backend.serviceName().equalsIgnoreCase(name)) {
                return Optional.of(backend);
            }
        }
        return Optional.empty();
    }
}
