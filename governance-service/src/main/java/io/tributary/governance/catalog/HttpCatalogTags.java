package io.tributary.governance.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.governance.core.CatalogUnavailableException;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.pii.CatalogTags;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Adds a column tag through catalog-service's platform API: reads the column's current tags
 * ({@code GET .../namespaces/{ns}/tables/{t}}, never from a cache) and, unless the tag is among them, writes them back
 * with it ({@code PATCH} with {@code {"column-tags": {"col": [...]}}}, which replaces that column's tags).
 */
public final class HttpCatalogTags implements CatalogTags {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CatalogHttp catalogHttp;

    public HttpCatalogTags(String baseUrl, Duration timeout, Supplier<String> token) {
        this.catalogHttp = new CatalogHttp(baseUrl, timeout, token);
    }

    @Override
    public Result addTag(TableRef table, String column, String tag) {
        URI uri = catalogHttp.table(table);
        HttpResponse<byte[]> current =
                catalogHttp.send(HttpRequest.newBuilder(uri).GET(), table);
        if (current.statusCode() == 404) {
            return Result.NO_SUCH_COLUMN;
        }
        expectOk(table, current);
        JsonNode dataset = read(table, current);
        if (!hasColumn(dataset, column)) {
            return Result.NO_SUCH_COLUMN;
        }
        ObjectNode patch = JSON.createObjectNode();
        ArrayNode tags = patch.putObject("column-tags").putArray(column);
        for (JsonNode existing : dataset.path("column-tags").path(column)) {
            if (existing.asText().equals(tag)) {
                return Result.ALREADY_THERE;
            }
            tags.add(existing.asText());
        }
        tags.add(tag);
        HttpResponse<byte[]> patched = catalogHttp.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(patch.toString())),
                table);
        if (patched.statusCode() == 404) {
            return Result.NO_SUCH_COLUMN;
        }
        expectOk(table, patched);
        return Result.ADDED;
    }

    private static boolean hasColumn(JsonNode dataset, String column) {
        for (JsonNode field : dataset.path("schema").path("fields")) {
            if (column.equals(field.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void expectOk(TableRef table, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new CatalogUnavailableException(
                    "The catalog answered " + response.statusCode() + " about the tags of " + table, null);
        }
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
