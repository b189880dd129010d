package io.tributary.query.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

@ConfigMapping(prefix = "tributary.query")
public interface QueryConfig {

    /** Root of the warehouse: the directory holding the Iceberg tables' data and metadata files. */
    Path warehouse();
}
