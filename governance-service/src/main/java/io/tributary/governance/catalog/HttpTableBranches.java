package io.tributary.governance.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.governance.core.CatalogUnavailableException;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.quality.TableBranches;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Write-audit-publish through catalog-service's platform API: the table's {@code audit-branch} (read with a
 * {@code GET}, set with a {@code PATCH}) and {@code POST .../branches/{branch}/publish}.
 */
public final class HttpTableBranches implements TableBranches {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CatalogHttp catalogHttp;

    public HttpTableBranches(String baseUrl, Duration timeout, Supplier<String> token) {
        this.catalogHttp = new CatalogHttp(baseUrl, timeout, token);
    }

    @Override
    public Optional<String> auditBranch(TableRef table) {
        HttpResponse<byte[]> response = catalogHttp.send(
                HttpRequest.newBuilder(catalogHttp.table(table)).GET(), table);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode branch =
                read(table, expect(table, response, "the audit branch")).path("audit-branch");
        return branch.isTextual() && !branch.asText().isEmpty() ? Optional.of(branch.asText()) : Optional.empty();
    }

    @Override
    public void useAuditBranch(TableRef table, String branch) {
        ObjectNode patch = JSON.createObjectNode().put("audit-branch", branch);
        HttpResponse<byte[]> response = catalogHttp.send(
                HttpRequest.newBuilder(catalogHttp.table(table))
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(patch.toString())),
                table);
        expect(table, response, "setting its audit branch");
    }

    @Override
    public Published publish(TableRef table, String branch, long snapshotId) {
        URI uri = URI.create(catalogHttp.table(table) + "/branches/"
                + URLEncoder.encode(branch, StandardCharsets.UTF_8).replace("+", "%20") + "/publish");
        ObjectNode body = JSON.createObjectNode().put("snapshot-id", snapshotId);
        HttpResponse<byte[]> response = catalogHttp.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                table);
        int status = response.statusCode();
        if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 429) {
            // The catalog will never take this call (the table or snapshot is gone, or it is not an append).
            return new Published(snapshotId, -1, "refused: " + new String(response.body(), StandardCharsets.UTF_8));
        }
        JsonNode answer = read(table, expect(table, response, "publishing snapshot " + snapshotId));
        return new Published(
                snapshotId,
                answer.path("main-snapshot-id").asLong(),
                answer.path("mode").asText());
    }

    /** Anything but a 200 is retried later: the snapshot stays where it is until the catalog takes the call. */
    private static HttpResponse<byte[]> expect(TableRef table, HttpResponse<byte[]> response, String what) {
        if (response.statusCode() != 200) {
            throw new CatalogUnavailableException(
                    "The catalog answered " + response.statusCode() + " about " + what + " of " + table + ": "
                            + new String(response.body(), StandardCharsets.UTF_8),
                    null);
        }
        return response;
    }

    private static JsonNode read(TableRef table, HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CatalogUnavailableException(
                    "The catalog sent an unusable answer about " + table + ": " + e.getMessage(), e);
        }
    }
}
