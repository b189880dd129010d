package io.tributary.ingest.authorization;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.runtime.TokensHelper;
import io.tributary.ingest.authorization.governance.GovernanceInsertAuthorizer;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.core.ContractInsertAuthorizer;
import io.tributary.ingest.core.InsertAuthorizer;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Picks who decides INSERT grants, named by {@code tributary.ingest.authorization.kind}. */
@Singleton
public class InsertAuthorizers {

    private static final Logger LOG = Logger.getLogger(InsertAuthorizers.class);

    @Produces
    @Singleton
    InsertAuthorizer insertAuthorizer(IngestConfig config, Instance<OidcClient> oidcClient) {
        IngestConfig.Authorization authorization = config.authorization();
        return switch (authorization.kind()) {
            case CONTRACT -> {
                LOG.info("INSERT grants: the producers of each table's ingest contract");
                yield new ContractInsertAuthorizer();
            }
            case GOVERNANCE -> {
                IngestConfig.Authorization.Governance governance = authorization.governance();
                TokensHelper tokens = new TokensHelper();
                LOG.infof("INSERT grants: decided by governance at %s", governance.url());
                yield new GovernanceInsertAuthorizer(
                        governance.url(),
                        governance.timeout(),
                        governance.cacheTtl(),
                        governance.followedCacheTtl(),
                        () -> tokens.getTokens(oidcClient.get())
                                .await()
                                .atMost(governance.timeout())
                                .getAccessToken(),
                        Clock.systemUTC());
            }
        };
    }
}
