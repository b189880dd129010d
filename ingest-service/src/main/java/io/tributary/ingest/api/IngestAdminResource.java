package io.tributary.ingest.api;

import io.tributary.auth.admin.AdminResourceBase;
import jakarta.ws.rs.Path;

/** {@code GET /api/ingest/v1/admin/config} and {@code /dependencies}, for platform admins. */
@Path("/api/ingest/v1/admin")
public class IngestAdminResource extends AdminResourceBase {}
