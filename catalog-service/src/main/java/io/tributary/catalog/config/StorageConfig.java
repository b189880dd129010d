package io.tributary.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import io.tributary.catalog.core.iceberg.WarehouseStorage;

/**
 * {@code tributary.storage} (env {@code TRIBUTARY_STORAGE}): where metadata files live, {@code local}
 * ({@link WarehouseConfig}) or {@code s3} ({@link S3Config}).
 */
@ConfigMapping(prefix = "tributary.storage")
public interface StorageConfig {

    @WithParentName
    @WithDefault("local")
    WarehouseStorage.Kind kind();
}
