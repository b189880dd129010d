package io.tributary.catalog.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Valid events pass; a corpus of hostile and malformed ones is refused, each naming the field at fault. */
class LineageEventValidatorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PRODUCER = "https://github.com/tributary-data/tributary/tree/main/test";
    static final String RUN_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    static final String FACET_SCHEMA = "https://openlineage.io/spec/facets/1-0-0/Facet.json";

    /** A RunEvent using every part the validator checks: facets, a schema and column lineage. */
    static ObjectNode runEvent() {
        return (ObjectNode) read("""
                {"eventType": "COMPLETE", "eventTime": "2026-12-01T10:00:00.000Z",
                 "producer": "%1$s", "schemaURL": "%2$s",
                 "run": {"runId": "0191b5a4-6c2e-7d3f-8a1b-2c3d4e5f6a7b",
                         "facets": {"nominalTime": {"_producer": "%1$s", "_schemaURL": "%3$s",
                                                    "nominalStartTime": "2026-12-01T10:00:00Z"}}},
                 "job": {"namespace": "tributary", "name": "orders.daily",
                         "facets": {"sql": {"_producer": "%1$s", "_schemaURL": "%3$s", "query": "select 1"}}},
                 "inputs": [{"namespace": "kafka://127.0.0.1:19092", "name": "orders_raw",
                             "facets": {"schema": {"_producer": "%1$s", "_schemaURL": "%3$s",
                                                   "fields": [{"name": "id", "type": "long"}]}},
                             "inputFacets": {}}],
                 "outputs": [{"namespace": "tributary", "name": "sales.orders",
                              "facets": {
                                "schema": {"_producer": "%1$s", "_schemaURL": "%3$s",
                                           "fields": [{"name": "order_id", "type": "long"}]},
                                "columnLineage": {"_producer": "%1$s", "_schemaURL": "%3$s",
                                  "fields": {"order_id": {"inputFields": [
                                    {"namespace": "kafka://127.0.0.1:19092", "name": "orders_raw", "field": "id",
                                     "transformations": [{"type": "DIRECT", "subtype": "IDENTITY",
                                                          "description": "", "masking": false}]}]}}}},
                              "outputFacets": {}}]}
                """.formatted(PRODUCER, RUN_SCHEMA, FACET_SCHEMA));
    }

    static ObjectNode datasetEvent() {
        return (ObjectNode)
                read("""
                {"eventTime": "2026-12-01T10:00:00+01:00", "producer": "%s", "schemaURL": "%s",
                 "dataset": {"namespace": "tributary", "name": "sales.orders", "facets": {}}}
                """.formatted(PRODUCER, "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent"));
    }

    static ObjectNode jobEvent() {
        return (ObjectNode)
                read("""
                {"eventTime": "2026-12-01T10:00:00Z", "producer": "%s", "schemaURL": "%s",
                 "job": {"namespace": "tributary", "name": "orders.daily"},
                 "inputs": [{"namespace": "tributary", "name": "sales.raw"}],
                 "outputs": [{"namespace": "tributary", "name": "sales.orders"}]}
                """.formatted(PRODUCER, "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent"));
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void validEventsOfEachKindAreRead() {
        LineageEvent run = LineageEventValidator.read(runEvent(), runEvent().toString());
        assertThat(run.kind()).isEqualTo(LineageEvent.Kind.RUN);
        assertThat(run.runId()).isEqualTo(UUID.fromString("0191b5a4-6c2e-7d3f-8a1b-2c3d4e5f6a7b"));
        assertThat(run.edges())
                .containsExactly(
                        new LineageEdge(
                                NodeId.dataset("kafka://127.0.0.1:19092", "orders_raw"),
                                NodeId.job("tributary", "orders.daily")),
                        new LineageEdge(
                                NodeId.job("tributary", "orders.daily"), NodeId.dataset("tributary", "sales.orders")));
        assertThat(run.outputs().get(0).fields()).containsExactly(new LineageEvent.Field("order_id", "long"));
        assertThat(run.outputs().get(0).columnLineage())
                .containsExactly(new LineageEvent.ColumnLineage(
                        "order_id", "kafka://127.0.0.1:19092", "orders_raw", "id", "DIRECT", "IDENTITY", ""));
        assertThat(run.runFacets()).contains("nominalTime");

        assertThat(LineageEventValidator.read(datasetEvent(), "{}").kind()).isEqualTo(LineageEvent.Kind.DATASET);
        LineageEvent job = LineageEventValidator.read(jobEvent(), "{}");
        assertThat(job.kind()).isEqualTo(LineageEvent.Kind.JOB);
        assertThat(job.edges()).hasSize(2);
    }

    @Test
    void theKeyIsTheRunTimeAndType() {
        ObjectNode other = runEvent();
        ((ObjectNode) other.get("job")).put("name", "renamed");
        String key = LineageEventValidator.read(runEvent(), "").key();
        assertThat(LineageEventValidator.read(other, "").key()).isEqualTo(key);
        ObjectNode started = runEvent().put("eventType", "START");
        assertThat(LineageEventValidator.read(started, "").key()).isNotEqualTo(key);
        ObjectNode later = runEvent().put("eventTime", "2026-12-01T10:00:01Z");
        assertThat(LineageEventValidator.read(later, "").key()).isNotEqualTo(key);
        // The same instant written with another offset is the same event.
        ObjectNode offset = runEvent().put("eventTime", "2026-12-01T11:00:00+01:00");
        assertThat(LineageEventValidator.read(offset, "").key()).isEqualTo(key);
    }

    @Test
    void everyFaultIsReportedAtOnce() {
        ObjectNode event = runEvent();
        event.remove("producer");
        event.put("eventTime", "yesterday");
        ((ObjectNode) event.get("run")).put("runId", "42");
        assertThatThrownBy(() -> LineageEventValidator.read(event, ""))
                .isInstanceOfSatisfying(
                        InvalidLineageEventException.class,
                        e -> assertThat(e.violations())
                                .extracting(LineageViolation::pointer)
                                .containsExactlyInAnyOrder("/eventTime", "/producer", "/run/runId"));
    }

    /** {@code (name, event, pointer)}: a hostile or malformed event and the field it must be refused for. */
    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> wrongTypes = List.of(f.numberNode(1), f.booleanNode(true), f.arrayNode(), f.objectNode());
        List<JsonNode> wrongScalars = List.of(f.numberNode(1), f.booleanNode(true), f.arrayNode(), f.textNode(""));

        // Required strings: missing, null and every wrong JSON type.
        String[][] requiredStrings = {
            {"", "eventTime"},
            {"", "producer"},
            {"", "schemaURL"},
            {"/run", "runId"},
            {"/job", "namespace"},
            {"/job", "name"},
            {"/inputs/0", "namespace"},
            {"/inputs/0", "name"},
            {"/outputs/0", "namespace"},
            {"/outputs/0", "name"},
        };
        for (String[] field : requiredStrings) {
            String pointer = field[0] + "/" + field[1];
            cases.add(
                    Arguments.of(pointer + " missing", mutate(runEvent(), field[0], o -> o.remove(field[1])), pointer));
            cases.add(Arguments.of(pointer + " null", mutate(runEvent(), field[0], o -> o.putNull(field[1])), pointer));
            for (JsonNode wrong : wrongTypes) {
                cases.add(Arguments.of(
                        pointer + " = " + wrong, mutate(runEvent(), field[0], o -> o.set(field[1], wrong)), pointer));
            }
        }
        // Required objects and arrays of the wrong type.
        String[][] containers = {
            {"", "run"},
            {"", "job"},
            {"", "inputs"},
            {"", "outputs"},
            {"/run", "facets"},
            {"/job", "facets"},
            {"/outputs/0", "facets"},
            {"/inputs/0", "inputFacets"},
            {"/outputs/0", "outputFacets"}
        };
        for (String[] field : containers) {
            String pointer = field[0] + "/" + field[1];
            for (JsonNode wrong : wrongScalars) {
                if (field[1].endsWith("puts") && wrong.isArray()) {
                    continue;
                }
                cases.add(Arguments.of(
                        pointer + " = " + wrong, mutate(runEvent(), field[0], o -> o.set(field[1], wrong)), pointer));
            }
        }
        // Values that have the right type and the wrong content.
        String[][] badValues = {
            {"", "eventTime", "2026-12-01"},
            {"", "eventTime", "2026-12-01T10:00:00"},
            {"", "eventTime", "now"},
            {"", "eventTime", "2026-13-01T10:00:00Z"},
            {"", "eventTime", "2026-12-01 10:00:00Z"},
            {"", "producer", "not a uri"},
            {"", "producer", "relative/path"},
            {"", "producer", "https://x y"},
            {"", "schemaURL", "OpenLineage.json"},
            {"", "schemaURL", "http://bad host/"},
            {"", "eventType", "DONE"},
            {"", "eventType", "complete"},
            {"", "eventType", ""},
            {"/run", "runId", "not-a-uuid"},
            {"/run", "runId", "0191b5a46c2e7d3f8a1b2c3d4e5f6a7b"},
            {"/run", "runId", "{0191b5a4-6c2e-7d3f-8a1b-2c3d4e5f6a7b}"},
            {"/run", "runId", "1-1-1-1-1"},
            {"/job", "namespace", "   "},
            {"/job", "name", ""},
            {"/job", "name", "x".repeat(1025)},
            {"/job", "name", "bad\u0000name"},
            {"/job", "namespace", "line\nbreak"},
            {"/inputs/0", "name", ""},
            {"/outputs/0", "namespace", "\t"},
        };
        for (String[] value : badValues) {
            String pointer = value[0] + "/" + value[1];
            cases.add(Arguments.of(
                    pointer + " = '" + value[2].replaceAll("\\p{Cntrl}", "?") + "'",
                    mutate(runEvent(), value[0], o -> o.put(value[1], value[2])),
                    pointer));
        }
        cases.add(Arguments.of("eventType = 7", runEvent().put("eventType", 7), "/eventType"));
        // Facets: each needs _producer and _schemaURL as URIs; _deleted is a boolean.
        String[] facetHomes = {
            "/run/facets/nominalTime",
            "/job/facets/sql",
            "/outputs/0/facets/schema",
            "/outputs/0/facets/columnLineage",
            "/inputs/0/facets/schema"
        };
        for (String facet : facetHomes) {
            cases.add(Arguments.of(
                    facet + " without _producer",
                    mutate(runEvent(), facet, o -> o.remove("_producer")),
                    facet + "/_producer"));
            cases.add(Arguments.of(
                    facet + " without _schemaURL",
                    mutate(runEvent(), facet, o -> o.remove("_schemaURL")),
                    facet + "/_schemaURL"));
            cases.add(Arguments.of(
                    facet + " _producer = 3",
                    mutate(runEvent(), facet, o -> o.put("_producer", 3)),
                    facet + "/_producer"));
            cases.add(Arguments.of(
                    facet + " _schemaURL relative",
                    mutate(runEvent(), facet, o -> o.put("_schemaURL", "Facet.json")),
                    facet + "/_schemaURL"));
            cases.add(Arguments.of(
                    facet + " _deleted = 'yes'",
                    mutate(runEvent(), facet, o -> o.put("_deleted", "yes")),
                    facet + "/_deleted"));
        }
        cases.add(Arguments.of(
                "a facet that is a string",
                mutate(runEvent(), "/run/facets", o -> o.put("parent", "x")),
                "/run/facets/parent"));
        cases.add(Arguments.of(
                "a facet that is an array",
                mutate(runEvent(), "/job/facets", o -> o.putArray("owner")),
                "/job/facets/owner"));
        cases.add(Arguments.of(
                "a facet name needing escapes",
                mutate(runEvent(), "/run/facets", o -> o.put("a/b~c", 1)),
                "/run/facets/a~1b~0c"));
        // Schema facet.
        String schema = "/outputs/0/facets/schema";
        cases.add(Arguments.of(
                "schema fields not an array",
                mutate(runEvent(), schema, o -> o.put("fields", "x")),
                schema + "/fields"));
        cases.add(Arguments.of(
                "schema field not an object",
                mutate(runEvent(), schema, o -> ((ArrayNode) o.get("fields")).add(1)),
                schema + "/fields/1"));
        cases.add(Arguments.of(
                "schema field without name",
                mutate(runEvent(), schema + "/fields/0", o -> o.remove("name")),
                schema + "/fields/0/name"));
        cases.add(Arguments.of(
                "schema field type not a string",
                mutate(runEvent(), schema + "/fields/0", o -> o.put("type", 5)),
                schema + "/fields/0/type"));
        // Column lineage facet.
        String columns = "/outputs/0/facets/columnLineage";
        String input = columns + "/fields/order_id/inputFields/0";
        cases.add(Arguments.of(
                "columnLineage without fields",
                mutate(runEvent(), columns, o -> o.remove("fields")),
                columns + "/fields"));
        cases.add(Arguments.of(
                "columnLineage fields an array",
                mutate(runEvent(), columns, o -> o.putArray("fields")),
                columns + "/fields"));
        cases.add(Arguments.of(
                "column entry not an object",
                mutate(runEvent(), columns + "/fields", o -> o.put("total", 1)),
                columns + "/fields/total"));
        cases.add(Arguments.of(
                "column without inputFields",
                mutate(runEvent(), columns + "/fields/order_id", o -> o.remove("inputFields")),
                columns + "/fields/order_id/inputFields"));
        cases.add(Arguments.of(
                "inputFields an object",
                mutate(runEvent(), columns + "/fields/order_id", o -> o.putObject("inputFields")),
                columns + "/fields/order_id/inputFields"));
        cases.add(Arguments.of(
                "input field a string",
                mutate(runEvent(), columns + "/fields/order_id", o -> ((ArrayNode) o.get("inputFields")).add("id")),
                columns + "/fields/order_id/inputFields/1"));
        for (String member : List.of("namespace", "name", "field")) {
            cases.add(Arguments.of(
                    "input field without " + member,
                    mutate(runEvent(), input, o -> o.remove(member)),
                    input + "/" + member));
            cases.add(Arguments.of(
                    "input field " + member + " = 1",
                    mutate(runEvent(), input, o -> o.put(member, 1)),
                    input + "/" + member));
        }
        cases.add(Arguments.of(
                "transformations an object",
                mutate(runEvent(), input, o -> o.putObject("transformations")),
                input + "/transformations"));
        cases.add(Arguments.of(
                "transformation type unknown",
                mutate(runEvent(), input + "/transformations/0", o -> o.put("type", "COPY")),
                input + "/transformations/0/type"));
        cases.add(Arguments.of(
                "transformation without type",
                mutate(runEvent(), input + "/transformations/0", o -> o.remove("type")),
                input + "/transformations/0/type"));
        cases.add(Arguments.of(
                "transformation masking a string",
                mutate(runEvent(), input + "/transformations/0", o -> o.put("masking", "no")),
                input + "/transformations/0/masking"));
        cases.add(Arguments.of(
                "transformation subtype a number",
                mutate(runEvent(), input + "/transformations/0", o -> o.put("subtype", 1)),
                input + "/transformations/0/subtype"));
        cases.add(Arguments.of(
                "transformation a number",
                mutate(runEvent(), input, o -> ((ArrayNode) o.get("transformations")).add(1)),
                input + "/transformations/1"));
        // Datasets that are not objects, and the wrong shapes of event.
        cases.add(Arguments.of(
                "an input that is a string",
                runEvent().set("inputs", f.arrayNode().add("orders")),
                "/inputs/0"));
        cases.add(Arguments.of(
                "an output that is null",
                runEvent().set("outputs", f.arrayNode().addNull()),
                "/outputs/0"));
        cases.add(Arguments.of("no run, dataset or job", withOut(runEvent(), "run", "job"), "/run"));
        cases.add(Arguments.of(
                "a RunEvent with a dataset",
                runEvent().set("dataset", datasetEvent().get("dataset")),
                "/dataset"));
        cases.add(Arguments.of(
                "a DatasetEvent with a job",
                datasetEvent().set("job", jobEvent().get("job")),
                "/job"));
        cases.add(Arguments.of(
                "a DatasetEvent without namespace",
                mutate(datasetEvent(), "/dataset", o -> o.remove("namespace")),
                "/dataset/namespace"));
        cases.add(Arguments.of(
                "a DatasetEvent whose dataset is a list", datasetEvent().set("dataset", f.arrayNode()), "/dataset"));
        cases.add(Arguments.of(
                "a JobEvent without job name", mutate(jobEvent(), "/job", o -> o.remove("name")), "/job/name"));
        cases.add(Arguments.of("a JobEvent without schemaURL", withOut(jobEvent(), "schemaURL"), "/schemaURL"));
        cases.add(Arguments.of("a RunEvent whose job is missing", withOut(runEvent(), "job"), "/job"));
        ArrayNode many = f.arrayNode();
        for (int i = 0; i <= LineageEventValidator.MAX_DATASETS; i++) {
            many.addObject().put("namespace", "n").put("name", "d" + i);
        }
        cases.add(Arguments.of("too many inputs", runEvent().set("inputs", many), "/inputs"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void hostileEventsAreRefusedNamingTheField(String name, JsonNode event, String pointer) {
        assertThat(LineageEventValidator.validate(event))
                .as(name)
                .extracting(LineageViolation::pointer)
                .contains(pointer);
        assertThatThrownBy(() -> LineageEventValidator.read(event, event.toString()))
                .isInstanceOf(InvalidLineageEventException.class);
    }

    @Test
    void theCorpusIsLarge() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void whatIsNotAnObjectIsRefusedAtTheRoot() {
        for (JsonNode node : List.of(read("[]"), read("1"), read("\"event\""), read("null"))) {
            assertThat(LineageEventValidator.validate(node))
                    .extracting(LineageViolation::pointer)
                    .containsExactly("");
        }
    }

    @Test
    void unknownPropertiesAndOptionalPartsAreAllowed() {
        ObjectNode event = runEvent().put("customField", 1);
        event.remove("eventType");
        event.remove("inputs");
        ((ObjectNode) event.get("run")).remove("facets");
        assertThat(LineageEventValidator.validate(event)).isEmpty();
        assertThat(LineageEventValidator.read(event, "").eventType()).isNull();
    }

    private static ObjectNode mutate(ObjectNode event, String pointer, Consumer<ObjectNode> change) {
        JsonNode target = pointer.isEmpty() ? event : event.at(pointer);
        if (!target.isObject()) {
            throw new IllegalArgumentException("no object at " + pointer);
        }
        change.accept((ObjectNode) target);
        return event;
    }

    private static ObjectNode withOut(ObjectNode event, String... members) {
        for (String member : members) {
            event.remove(member);
        }
        return event;
    }
}
