package io.tributary.ingest.writer.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything under {@code tributary.ingest.writer}: the lake writer role. */
@ConfigMapping(prefix = "tributary.ingest.writer")
public interface WriterConfig {

    /**
     * Shortest time between the starts of two commits of a table, and so the longest a record waits in a batch. A table
     * idle for longer commits its next records at once.
     */
    @WithDefault("1s")
    Duration commitInterval();

    /** A table's batch is committed as soon as it holds this many records. */
    @WithDefault("100000")
    long commitMaxRecords();

    /** How often a table that cannot be opened, or a commit whose outcome is unknown, is tried again. */
    @WithDefault("5s")
    Duration retryInterval();

    /**
     * How many tables are opened or committed at once, off the consume loop. Commits mostly wait on the catalog and
     * the object store, so this may exceed the cores.
     */
    @WithDefault("8")
    int commitParallelism();

    /**
     * How many tables one commit request may carry. Tables due at the same time are committed together in one
     * request to the catalog ({@code /transactions/commit}, all or none); while every commit worker is busy, due
     * tables wait and go together in the next request. 1 commits each table on its own.
     */
    @WithDefault("32")
    int commitGroupMaxTables();

    /** How many tables are opened at once, apart from commits, so a burst of new topics never delays a commit. */
    @WithDefault("4")
    int openParallelism();

    /** Longest wait in one Kafka poll. */
    @WithDefault("200ms")
    Duration pollTimeout();

    /** Consumer group; its offsets only mirror the tables' checkpoints for lag monitoring. */
    @WithDefault("tributary-lake-writer")
    String groupId();

    /** This instance's name in the snapshots it commits; host name and process id when unset. */
    Optional<String> id();

    /**
     * Kafka static membership ({@code group.instance.id}): a restarted writer takes its partitions back at once
     * instead of waiting out the dead one's session. {@code lake-writer-<host name>-<http port>} when
     * unset.
     */
    Optional<String> instanceId();

    /** The Iceberg REST catalog; {@code <tributary.ingest.contracts.catalog.url>/iceberg} when unset. */
    Optional<String> catalogUri();

    /** The warehouse (catalog name) to ask the REST catalog for. */
    @WithDefault("tributary")
    String warehouse();

    /** OAuth2 scope of the writer's client-credentials token; Keycloak refuses Iceberg's default {@code catalog}. */
    @WithDefault("openid")
    String scope();

    /** Further RESTCatalog properties, e.g. {@code tributary.ingest.writer.catalog."io-impl"=...}. */
    Map<String, String> catalog();

    /** Further Kafka consumer properties. */
    Map<String, String> consumer();

    Lineage lineage();

    interface Lineage {
        /** Emit an OpenLineage START and COMPLETE (or FAIL) event to {@code tributary.lineage} per commit. */
        @WithDefault("true")
        boolean enabled();

        /** The output datasets' namespace; the warehouse name when unset. */
        Optional<String> datasetNamespace();

        @WithDefault("https://github.com/tributary-data/tributary/tree/main/ingest-service")
        String producer();
    }
}
