package io.tributary.governance;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.testing.AdminEndpointContract;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class GovernanceAdminEndpointTest extends AdminEndpointContract {

    @Override
    protected String adminPath() {
        return "/api/governance/v1/admin";
    }

    @Override
    protected String expectedConfigKey() {
        return "quarkus.datasource.jdbc.url";
    }
}
