package io.tributary.governance.api;

import io.tributary.auth.admin.AdminResourceBase;
import jakarta.ws.rs.Path;

/** {@code GET /api/governance/v1/admin/config} and {@code /dependencies}, for platform admins. */
@Path("/api/governance/v1/admin")
public class GovernanceAdminResource extends AdminResourceBase {}
