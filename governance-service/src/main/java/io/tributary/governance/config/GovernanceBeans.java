package io.tributary.governance.config;

import io.quarkus.logging.Log;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.runtime.TokensHelper;
import io.tributary.contracts.events.Uuid7;
import io.tributary.governance.catalog.HttpCatalogLookup;
import io.tributary.governance.catalog.HttpCatalogTags;
import io.tributary.governance.catalog.HttpTableBranches;
import io.tributary.governance.catalog.StaticCatalogLookup;
import io.tributary.governance.catalog.StaticTableBranches;
import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.CatalogUnavailableException;
import io.tributary.governance.core.DecisionService;
import io.tributary.governance.core.PolicyEvaluator;
import io.tributary.governance.core.PolicyService;
import io.tributary.governance.core.PolicyValidator;
import io.tributary.governance.core.PrincipalDirectory;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.lake.LakeReads;
import io.tributary.governance.core.opa.TrinoAccessControl;
import io.tributary.governance.core.pii.CatalogTags;
import io.tributary.governance.core.pii.ClassificationService;
import io.tributary.governance.core.pii.ClassificationStore;
import io.tributary.governance.core.pii.PiiDetectors;
import io.tributary.governance.core.pii.PiiDiscovery;
import io.tributary.governance.core.quality.AuditPublication;
import io.tributary.governance.core.quality.QualityLineage;
import io.tributary.governance.core.quality.QualityRuleService;
import io.tributary.governance.core.quality.QualityRuleStore;
import io.tributary.governance.core.quality.QualityRuleValidator;
import io.tributary.governance.core.quality.QualityRunner;
import io.tributary.governance.core.quality.TableBranches;
import io.tributary.governance.query.HttpLakeReads;
import io.tributary.governance.store.GovernanceSchemaMigration;
import io.tributary.governance.store.LivePolicies;
import io.tributary.governance.store.PostgresAuditLog;
import io.tributary.governance.store.PostgresClassifications;
import io.tributary.governance.store.PostgresPolicyStore;
import io.tributary.governance.store.PostgresQualityResults;
import io.tributary.governance.store.PostgresQualityRules;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.Readiness;

/** Builds the framework-free core and its adapters from configuration. */
@Singleton
public class GovernanceBeans {

    @Produces
    @Singleton
    CatalogLookup catalog(GovernanceConfig config, Instance<OidcClient> oidcClient) {
        GovernanceConfig.Catalog catalog = config.catalog();
        return switch (catalog.kind()) {
            case STATIC ->
                new StaticCatalogLookup(catalog.staticFile()
                        .orElseThrow(() -> new IllegalStateException(
                                "tributary.governance.catalog.static-file is required with kind static")));
            case HTTP -> {
                yield new HttpCatalogLookup(
                        catalog.url(),
                        catalog.timeout(),
                        catalog.cacheTtl(),
                        catalog.missingTtl(),
                        serviceToken(oidcClient, catalog.timeout()),
                        Clock.systemUTC());
            }
        };
    }

    @Produces
    @Singleton
    PostgresPolicyStore policyStore(DataSource dataSource) {
        return new PostgresPolicyStore(dataSource);
    }

    @Produces
    @Singleton
    LivePolicies livePolicies(
            PostgresPolicyStore store, @Readiness GovernanceSchemaMigration schema, GovernanceConfig config) {
        return new LivePolicies(store, schema::isMigrated, config.cache().reloadInterval());
    }

    void closeLivePolicies(@Disposes LivePolicies policies) {
        policies.close();
    }

    @Produces
    @Singleton
    PolicyEvaluator evaluator(GovernanceConfig config) {
        return new PolicyEvaluator(config.mask().hashSalt());
    }

    @Produces
    @Singleton
    PolicyService policyService(
            PostgresPolicyStore store, CatalogLookup catalog, LivePolicies policies, GovernanceConfig config) {
        return new PolicyService(store, new PolicyValidator(catalog, federatedCatalogs(config)), policies);
    }

    @Produces
    @Singleton
    QualityRuleStore qualityRules(DataSource dataSource) {
        return new PostgresQualityRules(dataSource);
    }

    @Produces
    @Singleton
    QualityRuleService qualityRuleService(
            QualityRuleStore store,
            CatalogLookup catalog,
            TableBranches branches,
            AuditPublication publication,
            GovernanceConfig config) {
        GovernanceConfig.Quality quality = config.quality();
        return new QualityRuleService(
                store,
                new QualityRuleValidator(catalog),
                quality.writeAuditPublish() ? branches : null,
                quality.auditBranch(),
                table -> RECHECKS.execute(() -> recheck(publication, table)));
    }

    /** Rechecks after rule changes run one at a time, off the request thread: they read snapshots through query-service. */
    private static final java.util.concurrent.ExecutorService RECHECKS =
            java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "governance-quality-rechecks");
                thread.setDaemon(true);
                return thread;
            });

    private static void recheck(AuditPublication publication, TableRef table) {
        try {
            int published = publication.recheck(table);
            if (published > 0) {
                Log.infof(
                        "%d snapshot(s) of %s passed their rules after a rule change and were published",
                        published, table);
            }
        } catch (Exception e) {
            Log.warnf(
                    "Checking the held-back snapshots of %s again failed; the next rule change retries: %s",
                    table, e.toString());
        }
    }

    /** Write-audit-publish's branches in catalog-service; in memory beside a static catalog. */
    @Produces
    @Singleton
    TableBranches tableBranches(GovernanceConfig config, Instance<OidcClient> oidcClient) {
        GovernanceConfig.Catalog catalog = config.catalog();
        if (catalog.kind() == GovernanceConfig.Catalog.Kind.STATIC) {
            return new StaticTableBranches();
        }
        return new HttpTableBranches(catalog.url(), catalog.timeout(), serviceToken(oidcClient, catalog.timeout()));
    }

    /** A SnapshotListener: publishes the audit branch's snapshots that pass their table's rules to main. */
    @Produces
    @Singleton
    AuditPublication auditPublication(
            QualityRunner runner, PostgresQualityResults results, TableBranches branches, GovernanceConfig config) {
        // Switched off, no listener is needed: blocking rules do not move tables to an audit branch.
        return new AuditPublication(runner, results, config.quality().writeAuditPublish() ? branches : NO_BRANCHES);
    }

    private static final TableBranches NO_BRANCHES = new StaticTableBranches();

    @Produces
    @Singleton
    DecisionService decisions(LivePolicies policies, CatalogLookup catalog, PolicyEvaluator evaluator) {
        return new DecisionService(policies::current, catalog, evaluator);
    }

    @Produces
    @Singleton
    PostgresAuditLog auditLog(DataSource dataSource) {
        return new PostgresAuditLog(dataSource);
    }

    @Produces
    @Singleton
    TrinoAccessControl trino(
            LivePolicies policies,
            CatalogLookup catalog,
            PrincipalDirectory directory,
            PolicyEvaluator evaluator,
            GovernanceConfig config) {
        return new TrinoAccessControl(
                policies::current,
                catalog,
                directory,
                evaluator,
                config.opa().trinoCatalog(),
                config.mask().hashSalt(),
                federatedCatalogs(config));
    }

    @Produces
    @Singleton
    ClassificationStore classifications(DataSource dataSource) {
        return new PostgresClassifications(dataSource);
    }

    /** Column tags are written to catalog-service; a static catalog (tests, tools) cannot take them. */
    @Produces
    @Singleton
    CatalogTags catalogTags(GovernanceConfig config, Instance<OidcClient> oidcClient) {
        GovernanceConfig.Catalog catalog = config.catalog();
        if (catalog.kind() == GovernanceConfig.Catalog.Kind.STATIC) {
            return (table, column, tag) -> {
                throw new CatalogUnavailableException("A static catalog takes no column tags.", null);
            };
        }
        return new HttpCatalogTags(catalog.url(), catalog.timeout(), serviceToken(oidcClient, catalog.timeout()));
    }

    @Produces
    @Singleton
    ClassificationService classificationService(ClassificationStore store, CatalogTags tags, CatalogLookup catalog) {
        return new ClassificationService(store, tags, catalog, Clock.systemUTC());
    }

    /** A SnapshotListener: the snapshot consumer hands it every committed snapshot. */
    @Produces
    @Singleton
    PiiDiscovery piiDiscovery(
            CatalogLookup catalog,
            LakeReads lake,
            ClassificationStore store,
            ClassificationService decisions,
            GovernanceConfig config) {
        GovernanceConfig.Pii pii = config.pii();
        PiiDiscovery.Settings settings = new PiiDiscovery.Settings(
                pii.scanInterval(),
                pii.sampleSize(),
                pii.minShare(),
                pii.autoApplyShare().map(OptionalDouble::of).orElse(OptionalDouble.empty()));
        return new PiiDiscovery(catalog, lake, store, decisions, PiiDetectors.standard(), settings, Clock.systemUTC());
    }

    /** query-service's checks endpoint, with this service's client-credentials token. */
    @Produces
    @Singleton
    LakeReads lakeReads(GovernanceConfig config, Instance<OidcClient> oidcClient) {
        GovernanceConfig.Query query = config.query();
        return new HttpLakeReads(
                query.url(), query.connectTimeout(), query.timeout(), serviceToken(oidcClient, query.connectTimeout()));
    }

    @Produces
    @Singleton
    PostgresQualityResults qualityResults(DataSource dataSource) {
        return new PostgresQualityResults(dataSource);
    }

    /** A SnapshotListener: runs each table's quality rules on its new snapshots. */
    @Produces
    @Singleton
    QualityRunner qualityRunner(
            QualityRuleStore rules,
            CatalogLookup catalog,
            LakeReads lake,
            PostgresQualityResults results,
            GovernanceConfig config) {
        return new QualityRunner(
                rules,
                catalog,
                lake,
                results,
                new QualityLineage(
                        config.quality().lineageProducer(), config.quality().lineageNamespace()),
                Clock.systemUTC(),
                Uuid7::next);
    }

    /** This service's client-credentials token, fetched (and refreshed) on use, for calls to the other services. */
    private static Supplier<String> serviceToken(Instance<OidcClient> oidcClient, Duration timeout) {
        TokensHelper tokens = new TokensHelper();
        return () -> tokens.getTokens(oidcClient.get()).await().atMost(timeout).getAccessToken();
    }

    private static Set<String> federatedCatalogs(GovernanceConfig config) {
        return Set.copyOf(config.opa().federatedCatalogs().orElse(List.of()));
    }
}
