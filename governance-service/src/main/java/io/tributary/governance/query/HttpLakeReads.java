package io.tributary.governance.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.lake.LakeReads;
import io.tributary.governance.core.lake.LakeReadsRefusedException;
import io.tributary.governance.core.lake.LakeReadsUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link LakeReads} as query-service's {@code POST /api/query/v1/checks}, with this service's client-credentials
 * token. 5xx, 401/403, timeouts and connection failures are worth retrying; 400 and 404 (a refused query, a table or
 * snapshot that is gone) are not.
 */
public final class HttpLakeReads implements LakeReads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Duration timeout;
    private final Supplier<String> token;
    private final HttpClient http;

    public HttpLakeReads(String baseUrl, Duration connectTimeout, Duration timeout, Supplier<String> token) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.endpoint = URI.create(base + "/api/query/v1/checks");
        this.timeout = timeout;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    @Override
    public Answer run(TableRef table, long snapshotId, Long newRowsAfter, List<Query> queries)
            throws LakeReadsUnavailableException {
        ObjectNode body = JSON.createObjectNode();
        body.put("table", table.toString());
        body.put("snapshot-id", snapshotId);
        if (newRowsAfter != null) {
            body.put("new-rows-after", newRowsAfter);
        }
        ArrayNode list = body.putArray("queries");
        queries.forEach(q -> list.addObject().put("id", q.id()).put("sql", q.sql()));
        HttpResponse<byte[]> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(endpoint)
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json")
                            .header("Authorization", "Bearer " + token.get())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new LakeReadsUnavailableException(
                    "query-service cannot be reached at " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakeReadsUnavailableException("Interrupted while reading " + table + " through query-service", e);
        } catch (RuntimeException e) {
            throw new LakeReadsUnavailableException("No token to call query-service with: " + e.getMessage(), e);
        }
        int status = response.statusCode();
        if (status == 400 || status == 404 || status == 413 || status == 422) {
            throw new LakeReadsRefusedException(
                    status,
                    "query-service answered " + status + " about " + table + "@" + snapshotId + ": "
                            + detail(response.body()));
        }
        if (status != 200) {
            throw new LakeReadsUnavailableException(
                    "query-service answered " + status + " about " + table + "@" + snapshotId + ": "
                            + detail(response.body()),
                    null);
        }
        try {
            return answer(JSON.readTree(response.body()), snapshotId);
        } catch (IOException | RuntimeException e) {
            throw new LakeReadsUnavailableException(
                    "query-service sent an unusable answer about " + table + ": " + e.getMessage(), e);
        }
    }

    static Answer answer(JsonNode node, long snapshotId) {
        List<Result> results = new ArrayList<>();
        for (JsonNode r : node.path("results")) {
            List<String> columns = new ArrayList<>();
            r.path("columns").forEach(c -> columns.add(c.asText()));
            List<List<Object>> rows = new ArrayList<>();
            for (JsonNode row : r.path("rows")) {
                List<Object> values = new ArrayList<>();
                row.forEach(v -> values.add(scalar(v)));
                rows.add(values);
            }
            results.add(new Result(
                    r.path("id").asText(),
                    columns,
                    rows,
                    r.path("truncated").asBoolean(false),
                    r.hasNonNull("error") ? r.get("error").asText() : null,
                    r.path("duration-ms").asLong(0)));
        }
        return new Answer(
                node.path("snapshot-id").asLong(snapshotId),
                node.path("new-rows").path("exact").asBoolean(true),
                results);
    }

    private static Object scalar(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? (Object) value.longValue() : value.bigIntegerValue();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    private static String detail(byte[] body) {
        try {
            JsonNode problem = JSON.readTree(body);
            String detail = problem.path("detail").asText(problem.path("title").asText(""));
            JsonNode errors = problem.path("errors");
            return errors.isArray() && !errors.isEmpty() ? detail + " " + errors : detail;
        } catch (IOException | RuntimeException e) {
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            return text.length() > 500 ? text.substring(0, 500) : text;
        }
    }
}
