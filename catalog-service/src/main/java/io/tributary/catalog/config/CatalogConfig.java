package io.tributary.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code tributary.catalog.*}: the catalog service's own settings. */
@ConfigMapping(prefix = "tributary.catalog")
public interface CatalogConfig {

    /** The PostgreSQL database this service owns. */
    @WithDefault("catalog")
    String database();

    /**
     * OAuth client ids (the token's {@code azp} or {@code client_id}) whose service accounts may write to the
     * catalog: the lake writer.
     */
    @WithDefault("tributary-ingest")
    List<String> writerClients();

    Iceberg iceberg();

    interface Iceberg {

        /** The catalog's name; a client may also pass it as the {@code warehouse} or as the path prefix. */
        @WithDefault("tributary")
        String name();

        /**
         * Locations besides the warehouse where tables and views may live and from which metadata may be
         * registered, for example {@code s3://shared-lake/}.
         */
        Optional<List<String>> allowedLocations();

        /**
         * Iceberg catalog properties applied by the server, for example {@code table-default.<key>},
         * {@code table-override.<key>}, {@code view-default.<key>} and {@code view-override.<key>}.
         */
        Map<String, String> catalogProperties();

        /** The most properties a namespace, table or view may have. */
        @WithDefault("1000")
        int maxProperties();

        /** The most UTF-8 bytes all properties of one namespace, table or view may take, keys and values together. */
        @WithDefault("1048576")
        long maxPropertyBytes();

        /**
         * How many snapshots (the bulk of a table's metadata) the parsed table metadata kept in memory may hold
         * together; a table with more is read from its file on every use, and 0 turns the cache off.
         */
        @WithDefault("50000")
        long metadataCacheSnapshots();
    }

    /** {@code tributary.catalog.ingest-topics.*}: the Kafka ingest topic of each dataset made by the platform API. */
    IngestTopics ingestTopics();

    interface IngestTopics {

        @WithDefault("3")
        int partitions();

        /** The broker's default when unset. */
        Optional<Short> replicationFactor();

        /** Where topics are administered; {@code kafka.bootstrap.servers} when unset. */
        Optional<String> bootstrapServers();
    }

    /** {@code tributary.catalog.outbox.*}: the relay that publishes catalog events from the outbox to Kafka. */
    Outbox outbox();

    interface Outbox {

        Relay relay();

        /** Partitions of {@code tributary.catalog.events} when the relay creates it. */
        @WithDefault("6")
        int topicPartitions();

        /** Replication factor of {@code tributary.catalog.events} when the relay creates it; the broker's default when unset. */
        Optional<Short> topicReplicationFactor();

        interface Relay {
            /** Whether this replica publishes outbox events; off, they wait in the outbox. */
            @WithDefault("true")
            boolean enabled();
        }
    }

    /** {@code tributary.catalog.lineage.*}: the lineage graph (OpenLineage in, Marquez's API shapes out). */
    Lineage lineage();

    interface Lineage {

        /** The depth of a graph read that names none, in edges. */
        @WithDefault("20")
        int defaultDepth();

        /** The deepest graph read allowed; deeper asks are a 400. */
        @WithDefault("100")
        int maxDepth();

        /** The largest lineage event accepted over HTTP, in bytes; larger is a 413. */
        @WithDefault("5242880")
        int maxEventBytes();

        /** Run facets larger than this many bytes are stored as a {@code _truncated} marker. */
        @WithDefault("65536")
        int maxFacetBytes();

        /** Memory kept for graph answers' node data (datasets with fields, jobs with latest run), in bytes; 0: none. */
        @WithDefault("67108864")
        long nodeCacheBytes();

        Consumer consumer();

        Retention retention();

        /** {@code tributary.catalog.lineage.retention.*}: pruning of old runs and raw events; the graph's edges stay. */
        interface Retention {
            /** Whether this replica prunes; several replicas pruning at once only share the work. */
            @WithDefault("true")
            boolean enabled();

            /** Runs whose latest event, and raw events, older than this are pruned (a job's latest run is kept). */
            @WithDefault("P90D")
            java.time.Duration maxAge();

            /** How often pruning runs. */
            @WithDefault("PT1H")
            java.time.Duration interval();

            /** Rows deleted per transaction, so reads and writes never wait long for a prune. */
            @WithDefault("5000")
            int batchSize();
        }

        interface Consumer {
            /** Whether this replica consumes {@code tributary.lineage} (the lake writer's RunEvents). */
            @WithDefault("true")
            boolean enabled();

            /** The Kafka consumer group; replicas share it, so each event is read by one of them. */
            @WithDefault("tributary-catalog-lineage")
            String groupId();
        }

        /**
         * Static bearer keys that may POST lineage events (and do nothing else), for producers that cannot fetch
         * tokens, such as Trino's event listener: {@code <name>:sha256:<hex SHA-256 of the key>}, never the key.
         */
        Optional<List<String>> apiKeys();

        /** {@code tributary.catalog.lineage.trino.*}: how Trino's dataset names become the catalog's. */
        Trino trino();

        interface Trino {
            /**
             * The namespace Trino's event listener gives datasets, {@code trino://<host>:<port>} of its
             * {@code trino.uri}; unset, Trino's names are kept as reported.
             */
            Optional<String> namespace();

            /** The Trino catalog that is this catalog: its tables are the lake's. */
            @WithDefault("iceberg")
            String catalog();

            /** The namespace the lake's tables have in lineage: the lake writer's dataset namespace. */
            @WithDefault("tributary")
            String datasetNamespace();
        }
    }
}
