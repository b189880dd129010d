package io.tributary.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiMergerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode doc(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void mergesPathsTagsAndComponentsAndPrefixesOnlyRealClashes() throws Exception {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        docs.put(
                "catalog",
                doc("{'openapi':'3.1.0','tags':[{'name':'tables'}],"
                        + "'paths':{'/api/catalog/v1/tables':{'get':{'responses':{'200':{'content':{'application/json':"
                        + "{'schema':{'$ref':'#/components/schemas/Page'}}}}}}}},"
                        + "'components':{'schemas':{'Page':{'type':'object','title':'tables'},'Problem':{'type':'object'}},"
                        + "'securitySchemes':{'jwt':{'type':'http','scheme':'bearer'}}}}"));
        docs.put(
                "query",
                doc("{'openapi':'3.1.0','tags':[{'name':'tables'},{'name':'sql'}],"
                        + "'paths':{'/api/query/v1/sql':{'post':{'requestBody':{'$ref':'#/components/requestBodies/Sql'},"
                        + "'responses':{'200':{'content':{'application/json':{'schema':{'$ref':'#/components/schemas/Page'}}}}}}}},"
                        + "'components':{'schemas':{'Page':{'type':'object','title':'rows'},'Problem':{'type':'object'}},"
                        + "'requestBodies':{'Sql':{'content':{}}}}}"));

        ObjectNode merged = OpenApiMerger.merge(docs, Map.of());

        assertThat(merged.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(merged.path("paths").has("/api/catalog/v1/tables")).isTrue();
        assertThat(merged.path("paths").has("/api/query/v1/sql")).isTrue();
        JsonNode schemas = merged.path("components").path("schemas");
        assertThat(schemas.has("Page")).isFalse();
        assertThat(schemas.path("catalog_Page").path("title").asText()).isEqualTo("tables");
        assertThat(schemas.path("query_Page").path("title").asText()).isEqualTo("rows");
        assertThat(schemas.has("Problem")).isTrue();
        assertThat(merged.path("components").path("requestBodies").has("Sql")).isTrue();
        assertThat(merged.path("components").path("securitySchemes").has("jwt")).isTrue();
        assertThat(merged.at("/paths/~1api~1query~1v1~1sql/post/responses/200/content/application~1json/schema/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/query_Page");
        assertThat(merged.at("/paths/~1api~1query~1v1~1sql/post/requestBody/$ref")
                        .asText())
                .isEqualTo("#/components/requestBodies/Sql");
        assertThat(merged.path("tags")).hasSize(2);
        assertThat(merged.has(OpenApiMerger.MISSING)).isFalse();
        assertThat(docs.get("catalog").toString()).contains("#/components/schemas/Page");
    }

    @Test
    void reportsMissingServicesAndConflictingPaths() throws Exception {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        docs.put("catalog", doc("{'openapi':'3.0.3','paths':{'/shared':{'get':{'summary':'a'}}}}"));
        docs.put("ingest", doc("{'openapi':'3.0.3','paths':{'/shared':{'get':{'summary':'b'}}}}"));

        ObjectNode merged = OpenApiMerger.merge(docs, Map.of("governance", "connection refused"));

        assertThat(merged.at("/paths/~1shared/get/summary").asText()).isEqualTo("a");
        assertThat(merged.path(OpenApiMerger.CONFLICTS).get(0).asText()).contains("/shared", "catalog", "ingest");
        assertThat(merged.path(OpenApiMerger.MISSING).get(0).path("service").asText())
                .isEqualTo("governance");
        assertThat(merged.path("info").path("description").asText()).contains("governance");
    }

    @Test
    void noDocumentsStillYieldsAValidSkeleton() {
        ObjectNode merged = OpenApiMerger.merge(Map.of(), Map.of("catalog", "down"));
        assertThat(merged.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(merged.path("paths").isObject()).isTrue();
    }
}
