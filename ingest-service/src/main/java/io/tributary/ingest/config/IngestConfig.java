package io.tributary.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything under {@code tributary.ingest}. */
@ConfigMapping(prefix = "tributary.ingest")
public interface IngestConfig {

    Contracts contracts();

    Limits limits();

    Kafka kafka();

    Idempotency idempotency();

    Authorization authorization();

    Audit audit();

    /** The PostgreSQL database of this service (idempotency keys); tests use {@code ingest_test}. */
    @WithDefault("ingest")
    String database();

    /**
     * Which parts run in this process: {@code api}, {@code writer} or {@code all}; read as a
     * {@code writer.runtime.ProcessRole}, which refuses any other value at startup.
     */
    @WithDefault("all")
    String role();

    /** Seconds a producer is told to wait (Retry-After) when Kafka or the catalog is unavailable. */
    @WithDefault("5")
    int retryAfterSeconds();

    interface Contracts {

        /** Where contracts come from: {@code catalog} in a deployment, {@code static} for a fixed file. */
        @WithDefault("catalog")
        Kind kind();

        @WithName("static")
        StaticFile staticFile();

        Catalog catalog();

        Events events();

        enum Kind {
            CATALOG,
            STATIC
        }

        interface StaticFile {
            /** A JSON file {@code {"contracts":[{"namespace","table","version","schema","key"}]}}; read once at startup. */
            Optional<Path> path();
        }

        interface Catalog {
            /** The catalog service's base URL. */
            @WithDefault("http://127.0.0.1:8081")
            String url();

            /** Longest wait for one contract lookup, connection included. */
            @WithDefault("5s")
            Duration timeout();

            /** How long a fetched contract is used before it is fetched again. */
            @WithDefault("30s")
            Duration cacheTtl();

            /** How long "no such table" is remembered, so a new table becomes writable soon after it is created. */
            @WithDefault("5s")
            Duration missingTtl();
        }

        interface Events {
            /**
             * Whether catalog events ({@code tributary.catalog.events}) refresh cached contracts at once; the cache
             * TTL stays as a safety net.
             */
            @WithDefault("true")
            boolean enabled();
        }
    }

    interface Idempotency {
        /** How long a key (and its receipt) is kept after its request; a retry within it gets the original receipt. */
        @WithDefault("24h")
        Duration window();

        /**
         * How long a request may hold its key before finishing; after it, a key left by a crashed instance can be
         * claimed again. Keep it above the longest request (body upload plus Kafka's delivery timeout).
         */
        @WithDefault("5m")
        Duration lease();

        /** How often keys past their window are deleted. */
        @WithDefault("10m")
        Duration purgeInterval();
    }

    interface Authorization {
        /**
         * Who decides whether a caller may insert into a table: {@code governance} (its INSERT decision, which reads
         * the contract's {@code producers} as INSERT grants beside explicit ones) or {@code contract} (the
         * {@code producers} of the table's ingest contract, decided in this process).
         */
        @WithDefault("governance")
        Kind kind();

        Governance governance();

        enum Kind {
            GOVERNANCE,
            CONTRACT
        }

        interface Governance {
            /** governance-service's base URL. */
            @WithDefault("${tributary.governance.url:http://127.0.0.1:8084}")
            String url();

            /** Longest wait for one decision, connection included; past it the request is answered 503. */
            @WithDefault("3s")
            Duration timeout();

            /** How long a decision is reused for the same caller and table; a grant's change reaches ingest within it. */
            @WithDefault("1s")
            Duration cacheTtl();

            /**
             * How long a decision is reused while ingest follows the events that change grants (governance's policy
             * changes and the catalog's contract changes), each of which drops the decisions it may change.
             */
            @WithDefault("30s")
            Duration followedCacheTtl();
        }
    }

    interface Audit {
        /** Whether audit events go to {@code tributary.audit}. */
        @WithDefault("true")
        boolean enabled();

        /** Audit events waiting to be sent; past it new ones are dropped (and counted) rather than delay receipts. */
        @WithDefault("10000")
        int queueSize();
    }

    interface Limits {
        /** The longest body accepted; a longer one is answered 413 and nothing of it is published. */
        @WithDefault("10485760")
        long maxBodyBytes();

        /** The most records in one request; more is answered 413. */
        @WithDefault("10000")
        int maxRecords();

        /** The largest record, measured as the JSON published to Kafka; keep it below the broker's message size. */
        @WithDefault("524288")
        int maxRecordBytes();

        /** The deepest nesting of objects and arrays in a record, the record itself being level 1. */
        @WithDefault("32")
        int maxDepth();

        /** The most characters (code points) in one string value. */
        @WithDefault("65536")
        int maxStringLength();

        /** The most violations listed in one response. */
        @WithDefault("100")
        int maxReportedErrors();

        /** Body bytes all requests together may hold; a request that would exceed it is answered 429. */
        @WithDefault("134217728")
        long maxInFlightBytes();

        /** Records all requests together may hold; a request that would exceed it is answered 429. */
        @WithDefault("200000")
        long maxInFlightRecords();
    }

    interface Kafka {
        /**
         * Partitions of a table's ingest topic and of the dead-letter topic, when this service creates them. One by
         * default: the broker reads every partition of the lake writer's fetches to answer them, and the producer goes
         * over every partition it has written to whenever it sends, so with hundreds of tables each partition costs
         * CPU on every record. A topic created beforehand with more partitions is used as it is.
         */
        @WithDefault("1")
        int partitions();

        /** Replication factor of topics this service creates; the broker's default when unset. */
        Optional<Short> replicationFactor();

        /** Longest wait for topic metadata or buffer space when sending: how soon an outage becomes a 503. */
        @WithDefault("3s")
        Duration maxBlock();

        /** Longest wait for one produce request to be answered. */
        @WithDefault("4s")
        Duration requestTimeout();

        /** Longest time from send to acknowledgement, retries included; at least max-block plus request-timeout. */
        @WithDefault("8s")
        Duration deliveryTimeout();

        /** Further producer properties, e.g. {@code tributary.ingest.kafka.producer."compression.type"=lz4}. */
        Map<String, String> producer();
    }
}
