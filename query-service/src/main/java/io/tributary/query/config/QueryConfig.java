package io.tributary.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tributary.query.core.EngineKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    Trino trino();

    Catalog catalog();

    Governance governance();

    Cache cache();

    Audit audit();

    Checks checks();

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

    interface Trino {
        /** Trino's HTTPS base URL; without it engine {@code trino} is refused and {@code auto} never chooses Trino. */
        Optional<String> url();

        /** A PEM file of certificates to trust for Trino's TLS (its own, often self-signed); else the JVM's trust. */
        Optional<Path> trustCertificate();

        /** The Trino catalog that holds the lake's tables: a statement's {@code ns.table} is its schema.table. */
        @WithDefault("iceberg")
        String catalog();

        /** {@code X-Trino-Source} of every query, so Trino's query list shows where it came from. */
        @WithDefault("tributary-query")
        String source();

        @WithDefault("10s")
        Duration connectTimeout();
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

    /** {@code POST /api/query/v1/checks}: governance's read-only SQL on one snapshot, without masks or row filters. */
    interface Checks {
        /** OAuth clients ({@code azp}) whose tokens may run checks; {@code platform-admin} always may. */
        @WithDefault("tributary-governance")
        List<String> clients();

        /** The longest one batch of checks may run; queries still running are stopped, the rest not started. */
        @WithDefault("60S")
        Duration timeout();
    }

    interface Audit {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("10000")
        int queueSize();
    }
}
