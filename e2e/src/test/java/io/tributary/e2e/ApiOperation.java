package io.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of the suite's OpenAPI documents, made callable: path parameters filled with plausible values, a
 * minimal body where one is required. A 401 or 403 must come before any of these values is looked at.
 *
 * @param method   upper-case HTTP method
 * @param template the path as the document lists it, e.g. {@code /iceberg/v1/namespaces/{namespace}}
 * @param path     the template with its parameters filled, plus any required query parameters
 * @param service  the service that serves it ({@code catalog}, ..., or {@code gateway} for the gateway's own)
 * @param roles    the roles the document says the operation needs; empty when it does not say
 */
record ApiOperation(
        String method,
        String template,
        String path,
        String service,
        Set<String> roles,
        String contentType,
        String body) {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}");
    private static final Pattern AREA = Pattern.compile("^/api/([^/]+)/.*");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Whether the operation is one of the admin endpoints every service mounts under {@code /api/<area>/v1/admin}. */
    boolean isAdminEndpoint() {
        return template.matches("/api/[^/]+/v1/admin(/.*)?");
    }

    /** Every operation of an OpenAPI document; {@code service} names the owner when the path does not tell. */
    static List<ApiOperation> of(JsonNode document, String service) {
        List<ApiOperation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.path("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> item = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = item.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    operations.add(of(item.getKey(), op.getKey(), item.getValue(), op.getValue(), service));
                }
            }
        }
        return operations;
    }

    private static ApiOperation of(String template, String method, JsonNode pathItem, JsonNode op, String service) {
        StringBuilder path = new StringBuilder();
        Matcher m = PARAMETER.matcher(template);
        while (m.find()) {
            m.appendReplacement(path, "auth_sweep_" + m.group(1).replaceAll("\\W", "_"));
        }
        m.appendTail(path);
        String separator = "?";
        List<JsonNode> parameters = new ArrayList<>();
        pathItem.path("parameters").forEach(parameters::add);
        op.path("parameters").forEach(parameters::add);
        for (JsonNode parameter : parameters) {
            if ("query".equals(parameter.path("in").asText())
                    && parameter.path("required").asBoolean(false)) {
                path.append(separator).append(parameter.path("name").asText()).append("=auth_sweep");
                separator = "&";
            }
        }
        Set<String> roles = new java.util.TreeSet<>();
        for (JsonNode requirement : op.path("security")) {
            requirement
                    .fields()
                    .forEachRemaining(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText())));
        }
        String contentType = null;
        String body = null;
        JsonNode requestBody = op.path("requestBody");
        if (requestBody.isObject()) {
            Iterator<String> types = requestBody.path("content").fieldNames();
            String declared = types.hasNext() ? types.next() : "application/json";
            contentType = declared.contains("*") ? "application/json" : declared;
            body = switch (contentType) {
                case "text/csv" -> "id\n1\n";
                case "application/x-ndjson" -> "{}\n";
                default -> "{}";
            };
        }
        Matcher area = AREA.matcher(template);
        // Marquez's /api/v1 (lineage) and the Iceberg REST API are the catalog's.
        boolean catalogs = template.startsWith("/iceberg/") || template.startsWith("/api/v1/");
        String owner = service != null ? service : catalogs ? "catalog" : area.matches() ? area.group(1) : null;
        if (owner == null) {
            throw new AssertionError(template + " is under no prefix the gateway routes; extend the sweep to cover it");
        }
        return new ApiOperation(
                method.toUpperCase(java.util.Locale.ROOT),
                template,
                path.toString(),
                owner,
                Set.copyOf(roles),
                contentType,
                body);
    }

    /** Calls the operation at {@code base} with {@code token} (none when null) and answers the status code. */
    int call(String base, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON document at {@code url}. */
    static JsonNode document(String url) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Accept", "application/json")
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(url + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
