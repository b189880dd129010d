package io.tributary.governance.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.auth.Roles;
import io.tributary.governance.core.audit.HashChain;
import io.tributary.governance.store.PostgresAuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The hash-chained audit log: a filtered, paginated read and a check of the whole chain. */
@Path("/api/governance/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.DATA_STEWARD, Roles.PLATFORM_ADMIN})
public class AuditResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PostgresAuditLog log;

    @Inject
    Callers callers;

    @Inject
    JsonWebToken token;

    @GET
    public ObjectNode entries(
            @QueryParam("actor") String actor,
            @QueryParam("resource") String resource,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        callers.identify(token);
        long after = 0;
        if (cursor != null) {
            try {
                after = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw Requests.bad("cursor", "must be a cursor from a previous page");
            }
        }
        int pageSize = Requests.limit(limit, PostgresAuditLog.MAX_PAGE);
        List<HashChain.Stored> page = log.query(new PostgresAuditLog.Query(
                text("actor", actor), text("resource", resource), time("from", from), time("to", to), after, pageSize));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("entries");
        for (HashChain.Stored stored : page) {
            ObjectNode item = items.addObject();
            item.put("seq", stored.seq());
            item.put("event-id", stored.entry().eventId().toString());
            item.put("occurred-at", stored.entry().occurredAt().toString());
            item.put("recorded-at", stored.entry().recordedAt().toString());
            item.put("actor", stored.entry().principal());
            item.put("action", stored.entry().action());
            item.put("resource", stored.entry().resource());
            item.put("outcome", stored.entry().outcome());
            item.put("trace-id", stored.entry().traceId());
            if (stored.entry().detail() != null) {
                try {
                    item.set("detail", JSON.readTree(stored.entry().detail()));
                } catch (java.io.IOException e) {
                    item.put("detail", stored.entry().detail());
                }
            }
            item.put("previous-hash", HashChain.hex(stored.previousHash()));
            item.put("hash", HashChain.hex(stored.hash()));
        }
        if (page.size() == pageSize) {
            body.put("next-cursor", Long.toString(page.get(page.size() - 1).seq()));
        } else {
            body.putNull("next-cursor");
        }
        return body;
    }

    @GET
    @Path("/verify")
    public ObjectNode verify() {
        callers.identify(token);
        HashChain.Verification v = log.verify();
        ObjectNode body = JSON.createObjectNode();
        body.put("valid", v.valid());
        body.put("count", v.count());
        body.put("head-hash", v.headHash());
        if (!v.valid()) {
            ObjectNode broken = body.putObject("first-broken-entry");
            broken.put("seq", v.brokenSeq());
            broken.put("event-id", v.brokenEvent());
            broken.put("problem", v.problem());
        }
        return body;
    }

    private static String text(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 1024) {
            throw Requests.bad(parameter, "is longer than 1024 characters");
        }
        return value;
    }

    private static Instant time(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Requests.bad(parameter, "must be an ISO-8601 UTC time such as 2026-12-01T00:00:00Z");
        }
    }
}
