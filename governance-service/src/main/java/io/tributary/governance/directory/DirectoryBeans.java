package io.tributary.governance.directory;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.runtime.TokensHelper;
import io.tributary.governance.config.GovernanceConfig;
import io.tributary.governance.core.IdentityProviderDirectory;
import io.tributary.governance.core.PrincipalDirectory;
import io.tributary.governance.store.PostgresPrincipalDirectory;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The principal directory that {@code tributary.governance.directory.kind} names. */
@Singleton
public class DirectoryBeans {

    @Produces
    @Singleton
    PrincipalDirectory directory(
            DataSource dataSource,
            GovernanceConfig config,
            Instance<OidcClient> oidcClient,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer) {
        GovernanceConfig.Directory directory = config.directory();
        return switch (directory.kind()) {
            case TOKENS -> new PostgresPrincipalDirectory(dataSource, directory.ttl(), Clock.systemUTC());
            case KEYCLOAK -> {
                GovernanceConfig.Directory.Keycloak keycloak = directory.keycloak();
                TokensHelper tokens = new TokensHelper();
                KeycloakIdentityProvider provider = new KeycloakIdentityProvider(
                        keycloak.adminUrl().orElseGet(() -> KeycloakIdentityProvider.adminUrlOf(issuer)),
                        keycloak.timeout(),
                        directory.attributeClaims(),
                        () -> tokens.getTokens(oidcClient.get())
                                .await()
                                .atMost(keycloak.timeout())
                                .getAccessToken());
                yield new IdentityProviderDirectory(
                        new PostgresPrincipalDirectory(
                                dataSource, directory.ttl(), directory.tokensFreshFor(), Clock.systemUTC()),
                        provider,
                        keycloak.cacheTtl(),
                        keycloak.missingTtl(),
                        Clock.systemUTC());
            }
        };
    }
}
