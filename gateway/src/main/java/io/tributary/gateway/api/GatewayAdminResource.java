package io.tributary.gateway.api;

import io.tributary.auth.admin.AdminResourceBase;
import jakarta.ws.rs.Path;
import java.util.List;

/** {@code GET /api/gateway/v1/admin/config} and {@code /dependencies}, for platform admins. */
@Path("/api/gateway/v1/admin")
public class GatewayAdminResource extends AdminResourceBase {

    @Override
    protected List<String> servicePrefixes() {
        return List.of("quarkus.http.limits.", "quarkus.swagger-ui.urls");
    }
}
