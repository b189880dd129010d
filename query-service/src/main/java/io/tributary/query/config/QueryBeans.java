package io.tributary.query.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.runtime.TokensHelper;
import io.tributary.contracts.events.Uuid7;
import io.tributary.query.core.AuditSink;
import io.tributary.query.core.CheckRunner;
import io.tributary.query.core.CheckSql;
import io.tributary.query.core.DecisionSource;
import io.tributary.query.core.EngineKind;
import io.tributary.query.core.EngineSelector;
import io.tributary.query.core.QueryEngine;
import io.tributary.query.core.SqlInspector;
import io.tributary.query.core.StatementLimits;
import io.tributary.query.core.StatementManager;
import io.tributary.query.core.StatementPlanner;
import io.tributary.query.core.TablePlanner;
import io.tributary.query.engine.duckdb.DuckDbEngine;
import io.tributary.query.engine.duckdb.DuckDbSettings;
import io.tributary.query.engine.duckdb.DuckDbSnapshotSql;
import io.tributary.query.engine.duckdb.DuckDbSqlParser;
import io.tributary.query.engine.trino.TrinoClient;
import io.tributary.query.engine.trino.TrinoEngine;
import io.tributary.query.governance.HttpDecisionSource;
import io.tributary.query.iceberg.CachingFileLocator;
import io.tributary.query.iceberg.CatalogSource;
import io.tributary.query.iceberg.FileLocator;
import io.tributary.query.iceberg.IcebergTablePlanner;
import io.tributary.query.iceberg.RestCatalogSource;
import io.tributary.query.metrics.StatementMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Wires the framework-free core to its adapters: DuckDB, Trino, the catalog's Iceberg REST API and governance. */
@ApplicationScoped
public class QueryBeans {

    /** Static S3 keys for tables in an S3 warehouse (env TRIBUTARY_S3_ACCESS_KEY, ...), as the lake writer takes them. */
    @Produces
    @Singleton
    @DefaultBean
    CatalogSource catalogSource(QueryConfig config, S3Config s3) {
        Map<String, String> properties = new HashMap<>();
        s3.accessKey().ifPresent(key -> properties.put("s3.access-key-id", key));
        s3.secretKey().ifPresent(secret -> properties.put("s3.secret-access-key", secret));
        properties.putAll(config.catalog().properties());
        return new RestCatalogSource(
                config.catalog().url().replaceAll("/+$", "") + "/iceberg",
                config.catalog().warehouse(),
                properties,
                config.catalog().maxClients());
    }

    @Produces
    @Singleton
    @DefaultBean
    DecisionSource decisionSource(QueryConfig config, ObjectMapper json) {
        return new HttpDecisionSource(
                config.governance().url(), config.governance().timeout(), json);
    }

    @Produces
    @Singleton
    FileLocator fileLocator(QueryConfig config) {
        Path directory = config.cache()
                .directory()
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "tributary-query-cache"));
        return new CachingFileLocator(directory, config.cache().maxBytes());
    }

    /** Both the statements' planner and the checks' one: they share its loaded tables and planned files. */
    @Produces
    @Singleton
    IcebergTablePlanner tablePlanner(CatalogSource catalogs, FileLocator files) {
        return new IcebergTablePlanner(catalogs, files);
    }

    @Produces
    @Singleton
    DuckDbSqlParser sqlParser(ObjectMapper json) {
        return new DuckDbSqlParser(json);
    }

    void closeParser(@Disposes DuckDbSqlParser parser) {
        parser.close();
    }

    static DuckDbSettings duckDbSettings(QueryConfig.Duckdb duckdb) {
        Path spill =
                duckdb.spillDirectory().orElse(Path.of(System.getProperty("java.io.tmpdir"), "tributary-query-spill"));
        return new DuckDbSettings(duckdb.memoryLimit(), duckdb.threads(), spill, duckdb.lakeCatalog());
    }

    /**
     * The checks always run on DuckDB (one snapshot is small enough), audited straight to the sink: they are not
     * statements, so the statement metrics leave them out.
     */
    @Produces
    @Singleton
    CheckRunner checks(QueryConfig config, DuckDbSqlParser parser, IcebergTablePlanner planner, AuditSink audit) {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "check-timers");
            thread.setDaemon(true);
            return thread;
        });
        return new CheckRunner(
                new CheckSql(parser, new SqlInspector(config.duckdb().lakeCatalog())),
                planner,
                new DuckDbSnapshotSql(duckDbSettings(config.duckdb())),
                audit,
                timers,
                config.checks().timeout(),
                Clock.systemUTC(),
                () -> Uuid7.next().toString());
    }

    /** Trino as the second engine, when {@code tributary.query.trino.url} names it; else absent. */
    static Optional<TrinoEngine> trinoEngine(
            QueryConfig.Trino trino, Supplier<String> serviceToken, ObjectMapper json) {
        return trino.url()
                .map(url -> new TrinoEngine(
                        new TrinoClient(
                                URI.create(url.replaceAll("/+$", "")),
                                trino.trustCertificate().orElse(null),
                                trino.connectTimeout(),
                                serviceToken,
                                json),
                        trino.catalog(),
                        trino.source(),
                        json));
    }

    @Produces
    @Singleton
    StatementManager statements(
            QueryConfig config,
            DuckDbSqlParser parser,
            TablePlanner planner,
            DecisionSource decisions,
            AuditSink audit,
            MeterRegistry registry,
            ObjectMapper json,
            Instance<OidcClient> oidcClient) {
        QueryConfig.Duckdb duckdb = config.duckdb();
        DuckDbEngine engine = new DuckDbEngine(duckDbSettings(duckdb));
        QueryConfig.Limits limits = config.limits();
        StatementLimits statementLimits = new StatementLimits(
                limits.pageRows(),
                limits.maxResultRows(),
                limits.maxResultBytes(),
                limits.defaultTimeout(),
                limits.maxTimeout(),
                limits.maxConcurrentPerPrincipal(),
                limits.initialWait(),
                limits.idleTimeout());
        StatementPlanner statementPlanner =
                new StatementPlanner(parser, new SqlInspector(duckdb.lakeCatalog()), planner, decisions);
        Map<EngineKind, QueryEngine> engines = new HashMap<>();
        engines.put(EngineKind.DUCKDB, engine);
        TokensHelper tokens = new TokensHelper();
        // query-service's own client-credentials token: Trino runs each query as its caller only for this service.
        Supplier<String> serviceToken = () -> tokens.getTokens(oidcClient.get())
                .await()
                .atMost(config.trino().connectTimeout())
                .getAccessToken();
        trinoEngine(config.trino(), serviceToken, json).ifPresent(trino -> engines.put(EngineKind.TRINO, trino));
        EngineSelector selector = new EngineSelector(engines, config.engine(), config.autoTrinoBytes());
        AtomicInteger threads = new AtomicInteger();
        ExecutorService workers = new ThreadPoolExecutor(
                0, limits.maxConcurrent(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "statement-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "statement-timers");
            thread.setDaemon(true);
            return thread;
        });
        return new StatementManager(
                statementPlanner,
                selector,
                statementLimits,
                workers,
                timers,
                new StatementMetrics(audit, registry),
                Clock.systemUTC(),
                () -> Uuid7.next().toString());
    }
}
