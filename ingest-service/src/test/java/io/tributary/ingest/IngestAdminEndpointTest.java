package io.tributary.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.testing.AdminEndpointContract;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class IngestAdminEndpointTest extends AdminEndpointContract {

    @Override
    protected String adminPath() {
        return "/api/ingest/v1/admin";
    }

    @Override
    protected String expectedConfigKey() {
        return "kafka.bootstrap.servers";
    }
}
