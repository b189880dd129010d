package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the merged OpenAPI document (and the gateway's own), called through the gateway and directly on
 * the service that serves it, with no token, with every kind of bad token, and with real tokens that lack the role the
 * operation needs. Every answer must be 401 (no or bad token) or 403 (valid token, wrong role); a new endpoint is
 * covered the day its service publishes it. {@link OpenApiCoverageTest} checks that no served route is missing from
 * the documents, so none escapes this sweep.
 */
@Order(2)
class AuthSweepTest {

    /**
     * Operations of the documents that answer without a token, each with the reason. None today: even Iceberg's
     * {@code GET /iceberg/v1/config} needs a catalog reader ({@code IcebergConfigResource}), since it names the
     * warehouse and the endpoints the caller may use.
     */
    static final Map<String, String> PUBLIC_OPERATIONS = Map.of();

    /** Endpoints outside the documents that are public by design, each with the reason. */
    static final Map<String, String> PUBLIC_ENDPOINTS = new LinkedHashMap<>();

    static {
        PUBLIC_ENDPOINTS.put("/q/health/live", "liveness probe: a kubelet has no token");
        PUBLIC_ENDPOINTS.put("/q/health/ready", "readiness probe: a kubelet has no token");
        PUBLIC_ENDPOINTS.put(
                "/q/metrics", "Prometheus scrapes without a token; the port is not exposed beyond the cluster");
        PUBLIC_ENDPOINTS.put("/q/openapi", "the API description is what a client reads before it has a token");
    }

    /** The gateway's own extra public endpoints (its README's route table). */
    static final Map<String, String> GATEWAY_PUBLIC_ENDPOINTS = Map.of(
            "/openapi", "the merged API description, read before a client has a token",
            "/openapi/catalog", "one service's API description",
            "/q/swagger-ui/", "the API browser; it obtains a token itself (PKCE) before calling anything");

    /**
     * Who holds which role, as the realm and the services grant them. {@code tributary-catalog-reader} and
     * {@code -writer} are the catalog's derived roles ({@code CatalogAccess}); writer service clients are not swept.
     */
    static final Map<String, Set<String>> HOLDERS = Map.of(
            "platform-admin", Set.of("ada"),
            "data-producer", Set.of("pat", "example-producer"),
            "data-analyst", Set.of("ana"),
            "data-steward", Set.of("sam"),
            "tributary-catalog-reader", Set.of("ana", "sam", "ada"),
            "tributary-catalog-writer", Set.of("ada"));

    static final List<String> CALLERS = List.of("ada", "pat", "ana", "sam", "nora", "example-producer");

    @Test
    void everyOperationRefusesEveryCallerItShould() {
        List<ApiOperation> operations = operations();
        assertThat(operations).as("operations in the documents").hasSizeGreaterThan(10);
        Map<String, String> badTokens = BadTokens.all();
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (ApiOperation op : operations) {
            if (PUBLIC_OPERATIONS.containsKey(op.toString())) {
                continue;
            }
            Map<String, String> bases = new LinkedHashMap<>();
            bases.put("gateway", Suite.gateway());
            if (!op.service().equals("gateway")) {
                bases.put(op.service() + "-service", Suite.serviceUrl(op.service()));
            }
            Set<String> refused = refusedCallers(op);
            for (Map.Entry<String, String> base : bases.entrySet()) {
                calls += expect(failures, op, base, "no token", null, 401);
                for (Map.Entry<String, String> bad : badTokens.entrySet()) {
                    calls += expect(failures, op, base, bad.getKey() + " token", bad.getValue(), 401);
                }
                for (String caller : refused) {
                    calls += expect(failures, op, base, caller + "'s token", token(caller), 403);
                }
            }
        }
        assertThat(failures)
                .as("answers other than the due 401/403 (%d calls)", calls)
                .isEmpty();
        System.out.printf(
                "auth sweep: %d calls, all refused as due (%d operations, %d bad tokens)%n",
                calls, operations.size(), badTokens.size());
    }

    @Test
    void publicByDesignEndpointsAnswerWithoutAToken() {
        List<String> failures = new ArrayList<>();
        List<String> bases = new ArrayList<>(List.of(Suite.gateway()));
        Suite.AREAS.forEach(area -> bases.add(Suite.serviceUrl(area)));
        for (String base : bases) {
            PUBLIC_ENDPOINTS.keySet().forEach(path -> checkPublic(failures, base + path));
        }
        GATEWAY_PUBLIC_ENDPOINTS.keySet().forEach(path -> checkPublic(failures, Suite.gateway() + path));
        assertThat(failures).isEmpty();
    }

    @Test
    void anotherRealmsTokenIsRefusedAsAnUnknownKeyNotAsAnOutage() throws Exception {
        String token = Suite.masterRealmToken();
        for (String path : List.of("/api/catalog/v1/datasets", "/iceberg/v1/config", "/api/query/v1/admin/config")) {
            HttpResponse<String> response = ApiOperation.HTTP.send(
                    HttpRequest.newBuilder(URI.create(Suite.gateway() + path))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("Retry-After")).as(path).isEmpty();
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .as(path)
                    .hasValue("Bearer error=\"invalid_token\", error_description=\"unknown-key\"");
            assertThat(response.body()).as(path).contains("Reason: unknown-key.");
        }
    }

    /** The merged document, which must hold every service, and the gateway's own document. */
    static List<ApiOperation> operations() {
        JsonNode merged = ApiOperation.document(Suite.gateway() + "/openapi");
        assertThat(merged.has("x-tributary-missing"))
                .as("services missing from the merged document: %s", merged.path("x-tributary-missing"))
                .isFalse();
        List<ApiOperation> operations = new ArrayList<>(ApiOperation.of(merged, null));
        ApiOperation.of(ApiOperation.document(Suite.gateway() + "/q/openapi?format=json"), "gateway").stream()
                .filter(op -> op.template().startsWith("/api/gateway/"))
                .forEach(operations::add);
        return operations;
    }

    /**
     * The callers whose valid token must get 403: always the role-less user; on admin endpoints everyone but the
     * platform admin; elsewhere everyone who holds none of the roles the document lists, when it lists only roles known
     * here (a role this table does not know is checked with the role-less user only).
     */
    static Set<String> refusedCallers(ApiOperation op) {
        Set<String> allowed = new HashSet<>();
        if (op.isAdminEndpoint()) {
            allowed.add("ada");
        } else if (!op.roles().isEmpty() && HOLDERS.keySet().containsAll(op.roles())) {
            op.roles().forEach(role -> allowed.addAll(HOLDERS.get(role)));
        } else {
            return Set.of("nora");
        }
        Set<String> refused = new java.util.LinkedHashSet<>(CALLERS);
        refused.removeAll(allowed);
        return refused;
    }

    private static String token(String caller) {
        return caller.equals("example-producer") ? Suite.producerToken() : Suite.userToken(caller);
    }

    private static int expect(
            List<String> failures,
            ApiOperation op,
            Map.Entry<String, String> base,
            String who,
            String token,
            int expected) {
        int status = op.call(base.getValue(), token);
        if (status != expected) {
            failures.add(op + " via " + base.getKey() + " with " + who + ": " + status + ", expected " + expected);
        }
        return 1;
    }

    private static void checkPublic(List<String> failures, String url) {
        try {
            int status = ApiOperation.HTTP
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status == 401 || status == 403 || status == 404) {
                failures.add(url + " answered " + status + " without a token");
            }
        } catch (Exception e) {
            failures.add(url + " failed: " + e);
        }
    }
}
