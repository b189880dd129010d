package io.tributary.governance.config;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.runtime.TokensHelper;
import io.tributary.governance.catalog.HttpCatalogLookup;
import io.tributary.governance.catalog.StaticCatalogLookup;
import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.DecisionService;
import io.tributary.governance.core.PolicyEvaluator;
import io.tributary.governance.core.PolicyService;
import io.tributary.governance.core.PolicyValidator;
import io.tributary.governance.core.PrincipalDirectory;
import io.tributary.governance.core.opa.TrinoAccessControl;
import io.tributary.governance.core.quality.QualityRuleService;
import io.tributary.governance.core.quality.QualityRuleStore;
import io.tributary.governance.core.quality.QualityRuleValidator;
import io.tributary.governance.store.GovernanceSchemaMigration;
import io.tributary.governance.store.LivePolicies;
import io.tributary.governance.store.PostgresAuditLog;
import io.tributary.governance.store.PostgresPolicyStore;
import io.tributary.governance.store.PostgresQualityRules;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Set;
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
                TokensHelper tokens = new TokensHelper();
                yield new HttpCatalogLookup(
                        catalog.url(),
                        catalog.timeout(),
                        catalog.cacheTtl(),
                        catalog.missingTtl(),
                        () -> tokens.getTokens(oidcClient.get())
                                .await()
                                .atMost(catalog.timeout())
                                .getAccessToken(),
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
    QualityRuleService qualityRuleService(QualityRuleStore store, CatalogLookup catalog) {
        return new QualityRuleService(store, new QualityRuleValidator(catalog));
    }

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

    private static Set<String> federatedCatalogs(GovernanceConfig config) {
        return Set.copyOf(config.opa().federatedCatalogs().orElse(List.of()));
    }
}
