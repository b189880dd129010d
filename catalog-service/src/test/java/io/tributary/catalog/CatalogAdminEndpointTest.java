package io.tributary.catalog;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.testing.AdminEndpointContract;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class CatalogAdminEndpointTest extends AdminEndpointContract {

    @Override
    protected String adminPath() {
        return "/api/catalog/v1/admin";
    }

    @Override
    protected String expectedConfigKey() {
        return "quarkus.datasource.jdbc.url";
    }
}
