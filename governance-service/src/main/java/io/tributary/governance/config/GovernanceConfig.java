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
}
