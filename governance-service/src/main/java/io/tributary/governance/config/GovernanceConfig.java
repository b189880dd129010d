package io.tributary.governance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "tributary.governance")
public interface GovernanceConfig {

    /** The PostgreSQL database this service owns ({@code governance}; {@code governance_test} in tests). */
    @WithDefault("governance")
    String database();

    Mask mask();

    Catalog catalog();

    Opa opa();

    Outbox outbox();

    Cache cache();

    Audit audit();

    Directory directory();

    Pii pii();

    Query query();

    Snapshots snapshots();

    Quality quality();

    interface Mask {
        /** The salt of {@code hash} masks. Set it per installation: with the default, anyone can rebuild the hashes. */
        @WithDefault("tributary")
        String hashSalt();
    }

    interface Catalog {
        enum Kind {
            HTTP,
            STATIC
        }

        /** {@code http}: catalog-service's platform API; {@code static}: a JSON file of tables (tests, tools). */
        @WithDefault("http")
        Kind kind();

        /** catalog-service's base URL. */
        @WithDefault("${tributary.catalog.url:http://127.0.0.1:8081}")
        String url();

        @WithDefault("5s")
        Duration timeout();

        /** How long a table's columns and tags are kept; catalog events drop them earlier. */
        @WithDefault("5m")
        Duration cacheTtl();

        /** How long "no such table" is kept. */
        @WithDefault("5s")
        Duration missingTtl();

        /** With kind static: a file path, or {@code classpath:<resource>}. */
        Optional<String> staticFile();
    }

    interface Opa {
        /** Serve Trino's OPA contract on its own port, which only Trino may reach. */
        @WithDefault("true")
        boolean enabled();

        /** 0 picks a free port (tests). */
        @WithDefault("8184")
        int port();

        /** Defaults to quarkus.http.host. */
        Optional<String> host();

        /** Source addresses (CIDR) allowed to ask; others get 403. */
        @WithDefault("127.0.0.1/32,::1/128")
        List<String> allowedSources();

        /** The Trino catalog that is Tributary's Iceberg catalog. */
        @WithDefault("iceberg")
        String trinoCatalog();

        /**
         * Trino's other (federated) catalogs, which grants may name as {@code catalog:<name>}; a catalog not listed
         * is invisible in Trino. The launcher renders it from infra/trino/federation.properties.
         */
        Optional<List<String>> federatedCatalogs();

        @WithDefault("8388608")
        int maxBodyBytes();

        @WithDefault("20000")
        int maxBatch();

        @WithDefault("64")
        int maxDepth();
    }

    interface Outbox {
        @WithDefault("true")
        boolean relayEnabled();

        @WithDefault("3")
        int topicPartitions();

        Optional<Short> topicReplicationFactor();

        /** How long the relay sleeps when the outbox is empty. */
        @WithDefault("50ms")
        Duration idle();
    }

    interface Cache {
        /** A full reload even without events, in case one was missed. */
        @WithDefault("30s")
        Duration reloadInterval();
    }

    interface Audit {
        /** Consume tributary.audit into the hash-chained log. */
        @WithDefault("true")
        boolean consumerEnabled();

        @WithDefault("tributary-governance-audit")
        String groupId();

        @WithDefault("500")
        int maxPollRecords();

        /** Send an audit event for every denied decision. */
        @WithDefault("true")
        boolean denials();

        @WithDefault("10000")
        int queueSize();
    }

    interface Directory {
        enum Kind {
            KEYCLOAK,
            TOKENS
        }

        /**
         * {@code keycloak}: users as a recent token described them, else as Keycloak's admin API does;
         * {@code tokens}: only as their last token described them (a user never seen has no roles).
         */
        @WithDefault("keycloak")
        Kind kind();

        @WithDefault("30s")
        Duration ttl();

        /** With kind keycloak: how long what a user's token said stands before Keycloak is asked instead. */
        @WithDefault("5m")
        Duration tokensFreshFor();

        Keycloak keycloak();

        interface Keycloak {
            /** The realm's admin API; defaults to the OIDC issuer with {@code /realms/} as {@code /admin/realms/}. */
            Optional<String> adminUrl();

            @WithDefault("5s")
            Duration timeout();

            /** How long Keycloak's answer about a user is kept. */
            @WithDefault("60s")
            Duration cacheTtl();

            /** How long "no such user" is kept. */
            @WithDefault("10s")
            Duration missingTtl();
        }

        /** Token claims kept as attributes for {@code attribute('x')}. */
        @WithDefault("country")
        List<String> attributeClaims();

        /**
         * Service clients (azp) that ask decisions for the callers whose tokens they validated (query for its users,
         * ingest for its producers), which also describes those callers to the directory.
         */
        @WithDefault("tributary-query,tributary-ingest")
        List<String> trustedClients();
    }

    /** PII discovery on new data (core/pii/PiiDiscovery). */
    interface Pii {
        /** A table is sampled at most once per interval, however often it gets new rows. */
        @WithDefault("PT5M")
        Duration scanInterval();

        /** Non-null values sampled per column from the rows a snapshot added. */
        @WithDefault("1000")
        int sampleSize();

        /** The share of sampled values a detector must match to propose its tag. */
        @WithDefault("0.8")
        double minShare();

        /** Proposals with at least this share are accepted at once by the service; unset = stewards decide. */
        Optional<Double> autoApplyShare();
    }

    /** query-service, whose checks endpoint runs the quality rules' and PII scans' SQL (query/HttpLakeReads). */
    interface Query {
        /** query-service's base URL; else the one the launcher and the cluster's config map give the gateway. */
        @WithDefault("${tributary.query.url:${tributary.gateway.query.url:http://127.0.0.1:8083}}")
        String url();

        @WithDefault("5s")
        Duration connectTimeout();

        /** How long one checks call may take: all of a snapshot's rules run in it. */
        @WithDefault("90s")
        Duration timeout();
    }

    /** The consumer of the catalog's snapshot.committed events (events/SnapshotConsumer). */
    interface Snapshots {
        @WithDefault("true")
        boolean consumerEnabled();

        @WithDefault("tributary-governance-snapshots")
        String groupId();

        /** The pause before a failed snapshot is handed over again; it doubles up to maxRetry. */
        @WithDefault("1s")
        Duration firstRetry();

        @WithDefault("60s")
        Duration maxRetry();
    }

    /** Quality rule runs (core/quality/QualityRunner) and their OpenLineage events. */
    interface Quality {
        /** The URI naming this software in lineage events. */
        @WithDefault("https://github.com/tributary-data/tributary/tree/main/governance-service")
        String lineageProducer();

        /** The tables' dataset namespace in lineage, as the lake writer names them (its warehouse). */
        @WithDefault("tributary")
        String lineageNamespace();

        /**
         * Write-audit-publish: a table with a {@code block} rule gets its records on {@link #auditBranch()}, and only
         * snapshots that pass its rules are published to main. Off: blocking rules only report.
         */
        @WithDefault("true")
        boolean writeAuditPublish();

        /** The branch the writer lands a table's records on under write-audit-publish. */
        @WithDefault("audit")
        String auditBranch();
    }
}
