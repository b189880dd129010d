package io.tributary.catalog.api;

import io.tributary.auth.admin.AdminResourceBase;
import jakarta.ws.rs.Path;

/** {@code GET /api/catalog/v1/admin/config} and {@code /dependencies}, for platform admins. */
@Path("/api/catalog/v1/admin")
public class CatalogAdminResource extends AdminResourceBase {}
