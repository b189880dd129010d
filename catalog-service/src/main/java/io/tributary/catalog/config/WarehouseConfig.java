package io.tributary.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * {@code tributary.warehouse} (env {@code TRIBUTARY_WAREHOUSE}): the warehouse directory when
 * {@code tributary.storage=local}. A key of its own rather than {@code tributary.catalog.*}, because the other services
 * name the same warehouse.
 */
@ConfigMapping(prefix = "tributary.warehouse")
public interface WarehouseConfig {

    /** Relative paths are resolved against the working directory. */
    @WithParentName
    @WithDefault(".tributary/warehouse")
    String directory();
}
