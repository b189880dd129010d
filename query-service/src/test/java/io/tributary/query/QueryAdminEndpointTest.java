package io.tributary.query;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.testing.AdminEndpointContract;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class QueryAdminEndpointTest extends AdminEndpointContract {

    @Override
    protected String adminPath() {
        return "/api/query/v1/admin";
    }

    @Override
    protected String expectedConfigKey() {
        return "tributary.query.warehouse";
    }
}
