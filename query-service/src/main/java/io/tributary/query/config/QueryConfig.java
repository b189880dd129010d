package io.tributary.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tributary.query.core.EngineKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "tributary.query")
public interface QueryConfig {

    /** Root of the warehouse: the directory holding the Iceberg tables' data and metadata files. */
    Path warehouse();

    /** The engine for requests that say {@code auto}: {@code duckdb}, {@code trino} or {@code auto}. */
    @WithDefault("auto")
    EngineKind engine();

    /** Under {@code auto}, statements planning more bytes than this go to Trino once it is configured. */
    @WithDefault("8589934592")
    long autoTrinoBytes();

    Limits limits();

    Duckdb duckdb();

    Catalog catalog();

    Governance governance();

    Cache cache();

    Audit audit();

    interface Limits {
        /** Rows per page of a paged JSON result. */
        @WithDefault("1000")
        int pageRows();

        @WithDefault("1000000")
        long maxResultRows();

        @WithDefault("268435456")
        long maxResultBytes();

        @WithDefault("5m")
        Duration defaultTimeout();

        @WithDefault("30m")
        Duration maxTimeout();

        /** Statements one principal may run at once; one more is answered 429 with Retry-After. */
        @WithDefault("4")
        int maxConcurrentPerPrincipal();

        /** Statements the service runs at once. */
        @WithDefault("16")
        int maxConcurrent();

        /** How long a POST or page GET waits for data before answering RUNNING. */
        @WithDefault("800ms")
        Duration initialWait();

        /** A statement whose result nobody reads for this long is cancelled, and a finished one forgotten. */
        @WithDefault("5m")
        Duration idleTimeout();
    }

    interface Duckdb {
        @WithDefault("1GB")
        String memoryLimit();

        @WithDefault("2")
        int threads();

        /** Where DuckDB spills; default {@code <java.io.tmpdir>/tributary-query-spill}. */
        Optional<Path> spillDirectory();

        /** The catalog name a statement may put before {@code namespace.table}, as on Trino. */
        @WithDefault("lake")
        String lakeCatalog();
    }

    interface Catalog {
        /** The catalog service's base URL; its Iceberg REST API is at {@code <url>/iceberg}. */
        @WithDefault("http://127.0.0.1:8081")
        String url();

        /** The warehouse name the catalog serves. */
        @WithDefault("tributary")
        String warehouse();

        /** Further Iceberg REST client properties, e.g. {@code s3.access-key-id}. */
        Map<String, String> properties();

        /** Catalog clients kept, one per caller token. */
        @WithDefault("64")
        int maxClients();
    }

    interface Governance {
        /** The governance service's base URL; decisions come from {@code POST <url>/api/governance/v1/decisions}. */
        @WithDefault("http://127.0.0.1:8084")
        String url();

        @WithDefault("5s")
        Duration timeout();
    }

    interface Cache {
        /** Local copies of remote (S3) data files; default {@code <java.io.tmpdir>/tributary-query-cache}. */
        Optional<Path> directory();

        @WithDefault("10737418240")
        long maxBytes();
    }

    interface Audit {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("10000")
        int queueSize();
    }
}
