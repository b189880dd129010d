package io.tributary.ingest.contracts;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.runtime.TokensHelper;
import io.quarkus.runtime.Startup;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.contracts.catalog.CatalogContractSource;
import io.tributary.ingest.contracts.staticfile.StaticContractSource;
import io.tributary.ingest.core.ContractSource;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Picks the contract source named by {@code tributary.ingest.contracts.kind}; a bad static file stops startup. */
@Singleton
public class ContractSources {

    private static final Logger LOG = Logger.getLogger(ContractSources.class);

    @Produces
    @Singleton
    @Startup
    ContractSource contractSource(IngestConfig config, Instance<OidcClient> oidcClient) {
        IngestConfig.Contracts contracts = config.contracts();
        return switch (contracts.kind()) {
            case STATIC -> {
                var path = contracts
                        .staticFile()
                        .path()
                        .orElseThrow(() -> new IllegalStateException(
                                "tributary.ingest.contracts.kind=static needs tributary.ingest.contracts.static.path"));
                StaticContractSource source = StaticContractSource.load(path);
                LOG.infof("Ingest contracts: %d from %s", source.size(), path);
                yield source;
            }
            case CATALOG -> {
                IngestConfig.Contracts.Catalog catalog = contracts.catalog();
                TokensHelper tokens = new TokensHelper();
                LOG.infof("Ingest contracts: from the catalog at %s", catalog.url());
                yield new CatalogContractSource(
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
}
