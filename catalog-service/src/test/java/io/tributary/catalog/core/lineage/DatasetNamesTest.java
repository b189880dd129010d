package io.tributary.catalog.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetNamesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TRINO = "trino://127.0.0.1:18080";
    static final DatasetNames NAMES = new DatasetNames(List.of(new DatasetNames.Alias(TRINO, "iceberg", "tributary")));

    /** The shape Trino 476's openlineage listener posts for CREATE TABLE AS (facets trimmed). */
    static final String CTAS = """
            {"eventType": "COMPLETE", "eventTime": "2026-12-06T05:42:07.217Z",
             "producer": "https://github.com/trinodb/trino/plugin/trino-openlineage",
             "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
             "run": {"runId": "fc74d705-7fad-3628-ba56-fe3e3b26ee20"},
             "job": {"namespace": "trino", "name": "20261206_054158_00000_h49qu"},
             "inputs": [{"namespace": "trino://127.0.0.1:18080", "name": "iceberg.sales.a", "facets": {
               "schema": {"_producer": "https://github.com/trinodb/trino/plugin/trino-openlineage",
                          "_schemaURL": "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json",
                          "fields": [{"name": "order_id"}, {"name": "customer"}]}}}],
             "outputs": [{"namespace": "trino://127.0.0.1:18080", "name": "iceberg.sales.b", "facets": {
               "columnLineage": {"_producer": "https://github.com/trinodb/trino/plugin/trino-openlineage",
                 "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
                 "fields": {
                   "order_id": {"inputFields": [
                     {"namespace": "trino://127.0.0.1:18080", "name": "iceberg.sales.a", "field": "order_id"}]},
                   "region": {"inputFields": [
                     {"namespace": "trino://127.0.0.1:18080", "name": "tpch.tiny.nation", "field": "name"}]}},
                 "dataset": [
                   {"namespace": "trino://127.0.0.1:18080", "name": "iceberg.sales.a", "field": "customer"}]}}}]}
            """;

    @Test
    void trinosLakeTablesTakeTheLakeWritersNames() throws Exception {
        JsonNode event = JSON.readTree(CTAS);
        JsonNode canonical = NAMES.normalise(event);

        assertThat(canonical.at("/inputs/0/namespace").asText()).isEqualTo("tributary");
        assertThat(canonical.at("/inputs/0/name").asText()).isEqualTo("sales.a");
        assertThat(canonical.at("/outputs/0/namespace").asText()).isEqualTo("tributary");
        assertThat(canonical.at("/outputs/0/name").asText()).isEqualTo("sales.b");
        JsonNode columns = canonical.at("/outputs/0/facets/columnLineage");
        assertThat(columns.at("/fields/order_id/inputFields/0/namespace").asText())
                .isEqualTo("tributary");
        assertThat(columns.at("/fields/order_id/inputFields/0/name").asText()).isEqualTo("sales.a");
        assertThat(columns.at("/fields/order_id/inputFields/0/field").asText()).isEqualTo("order_id");
        assertThat(columns.at("/dataset/0/name").asText()).isEqualTo("sales.a");
        // Another Trino catalog is not the lake: its names stay Trino's.
        assertThat(columns.at("/fields/region/inputFields/0/namespace").asText())
                .isEqualTo(TRINO);
        assertThat(columns.at("/fields/region/inputFields/0/name").asText()).isEqualTo("tpch.tiny.nation");
        // The caller's tree is left as it was.
        assertThat(event.at("/inputs/0/name").asText()).isEqualTo("iceberg.sales.a");
    }

    @Test
    void theReportedNameStaysAsASymlink() throws Exception {
        JsonNode canonical = NAMES.normalise(JSON.readTree(CTAS));

        JsonNode symlinks = canonical.at("/inputs/0/facets/symlinks");
        assertThat(symlinks.path("_producer").asText()).isEqualTo(DatasetNames.PRODUCER);
        assertThat(symlinks.path("_schemaURL").asText()).isEqualTo(DatasetNames.SYMLINKS_SCHEMA_URL);
        assertThat(symlinks.path("identifiers")).hasSize(1).first().satisfies(id -> {
            assertThat(id.path("namespace").asText()).isEqualTo(TRINO);
            assertThat(id.path("name").asText()).isEqualTo("iceberg.sales.a");
            assertThat(id.path("type").asText()).isEqualTo("TABLE");
        });
        assertThat(canonical.at("/inputs/0/facets/schema/fields")).hasSize(2);
        // A dataset without facets gets them for the symlink.
        assertThat(canonical.at("/outputs/0/facets/symlinks/identifiers/0/name").asText())
                .isEqualTo("iceberg.sales.b");
    }

    @Test
    void theNormalisedEventIsStillValidAndNamesTheLakesNodes() throws Exception {
        JsonNode canonical = NAMES.normalise(JSON.readTree(CTAS));

        LineageEvent event = LineageEventValidator.read(canonical, canonical.toString());
        assertThat(event.edges())
                .containsExactly(
                        new LineageEdge(
                                NodeId.dataset("tributary", "sales.a"),
                                NodeId.job("trino", "20261206_054158_00000_h49qu")),
                        new LineageEdge(
                                NodeId.job("trino", "20261206_054158_00000_h49qu"),
                                NodeId.dataset("tributary", "sales.b")));
        assertThat(event.outputs().get(0).columnLineage())
                .extracting(LineageEvent.ColumnLineage::inputNamespace, LineageEvent.ColumnLineage::inputName)
                .contains(org.assertj.core.groups.Tuple.tuple("tributary", "sales.a"));
    }

    @Test
    void anEventNoAliasTouchesIsReturnedAsItIs() throws Exception {
        JsonNode writer = JSON.readTree("""
                {"eventType": "COMPLETE", "run": {"runId": "fc74d705-7fad-3628-ba56-fe3e3b26ee20"},
                 "job": {"namespace": "tributary", "name": "tributary.ingest/sales.a"},
                 "inputs": [{"namespace": "kafka://127.0.0.1:19092", "name": "tributary.ingest.sales.a"}],
                 "outputs": [{"namespace": "tributary", "name": "sales.a"}]}
                """);

        assertThat(NAMES.normalise(writer)).isSameAs(writer);
        JsonNode trino = JSON.readTree(CTAS);
        assertThat(DatasetNames.none().normalise(trino)).isSameAs(trino);
    }

    @Test
    void onlyTheConfiguredNamespaceAndCatalogAreRenamed() {
        assertThat(NAMES.canonical(TRINO, "iceberg.sales.a")).isEqualTo(new DatasetNames.Name("tributary", "sales.a"));
        assertThat(NAMES.canonical("trino://localhost:18080", "iceberg.sales.a"))
                .isEqualTo(new DatasetNames.Name("trino://localhost:18080", "iceberg.sales.a"));
        assertThat(NAMES.canonical(TRINO, "icebergx.sales.a"))
                .isEqualTo(new DatasetNames.Name(TRINO, "icebergx.sales.a"));
        assertThat(NAMES.canonical(TRINO, "iceberg.")).isEqualTo(new DatasetNames.Name(TRINO, "iceberg."));
    }

    @Test
    void aSymlinksFacetTheProducerSentKeepsItsIdentifiers() throws Exception {
        JsonNode event = JSON.readTree("""
                {"run": {"runId": "fc74d705-7fad-3628-ba56-fe3e3b26ee20"}, "job": {"namespace": "trino", "name": "q"},
                 "outputs": [{"namespace": "trino://127.0.0.1:18080", "name": "iceberg.sales.b", "facets": {
                   "symlinks": {"_producer": "https://example.com/p", "_schemaURL": "https://example.com/s",
                     "identifiers": [{"namespace": "s3://lake", "name": "sales/b", "type": "TABLE"}]}}}]}
                """);

        JsonNode identifiers = NAMES.normalise(event).at("/outputs/0/facets/symlinks/identifiers");

        assertThat(identifiers).hasSize(2);
        assertThat(identifiers.get(0).path("name").asText()).isEqualTo("sales/b");
        assertThat(identifiers.get(1).path("name").asText()).isEqualTo("iceberg.sales.b");
    }

    @Test
    void membersOfTheWrongShapeAreLeftForTheValidator() throws Exception {
        JsonNode event = JSON.readTree("""
                {"run": {"runId": "x"}, "job": {"namespace": "trino", "name": "q"},
                 "inputs": [42, {"namespace": 7, "name": "iceberg.sales.a"}],
                 "outputs": {"namespace": "trino://127.0.0.1:18080"},
                 "dataset": "no"}
                """);

        assertThat(NAMES.normalise(event)).isSameAs(event);
    }
}
