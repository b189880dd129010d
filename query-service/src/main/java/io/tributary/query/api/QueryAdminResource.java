package io.tributary.query.api;

import io.tributary.auth.admin.AdminResourceBase;
import jakarta.ws.rs.Path;

/** {@code GET /api/query/v1/admin/config} and {@code /dependencies}, for platform admins. */
@Path("/api/query/v1/admin")
public class QueryAdminResource extends AdminResourceBase {}
