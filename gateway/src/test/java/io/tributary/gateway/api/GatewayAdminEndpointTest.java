package io.tributary.gateway.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.testing.AdminEndpointContract;
import io.tributary.gateway.testing.FakeBackends;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeBackends.class)
class GatewayAdminEndpointTest extends AdminEndpointContract {

    @Override
    protected String adminPath() {
        return "/api/gateway/v1/admin";
    }

    @Override
    protected String expectedConfigKey() {
        return "tributary.gateway.catalog-url";
    }
}
