package io.tributary.catalog.core.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.contracts.problem.JsonPointer;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks an event against the required fields and types of the OpenLineage 2-0-x schema (RunEvent, DatasetEvent,
 * JobEvent, the facets' {@code _producer}/{@code _schemaURL}, the {@code schema} and {@code columnLineage} dataset
 * facets) and reports every fault with a pointer. Unknown properties are allowed, as the schema allows them. The kind
 * is told by its members, as the schema's {@code oneOf} does: {@code run} makes a RunEvent, {@code dataset} a
 * DatasetEvent, {@code job} alone a JobEvent.
 */
public final class LineageEventValidator {

    public static final Set<String> EVENT_TYPES = Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");
    public static final Set<String> TRANSFORMATION_TYPES = Set.of("DIRECT", "INDIRECT");
    /** Namespaces, names and field names longer than this are refused: they become node ids and keys. */
    public static final int MAX_NAME_LENGTH = 1024;
    /** The most inputs, or outputs, of one event. */
    public static final int MAX_DATASETS = 1000;
    /** The most schema fields of one dataset, and the most column-lineage input fields of one event. */
    public static final int MAX_FIELDS = 10_000;

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final List<LineageViolation> violations = new ArrayList<>();
    private int columnEdges;

    /** Past this many faults of unstorable text the walk stops: the answer names enough to act on. */
    private static final int MAX_UNSTORABLE_FAULTS = 100;

    /** The longest node id stored, in UTF-8 bytes: within PostgreSQL's btree entry limit with room to spare. */
    public static final int MAX_NODE_BYTES = 2000;

    private LineageEventValidator() {}

    /** The faults of {@code event}; empty when it is a valid OpenLineage event. */
    public static List<LineageViolation> validate(JsonNode event) {
        LineageEventValidator validator = new LineageEventValidator();
        validator.event(event);
        return List.copyOf(validator.violations);
    }

    /**
     * The event {@code node} describes, {@code json} being its text as received.
     *
     * @throws InvalidLineageEventException naming every fault, when it is not a valid event
     */
    public static LineageEvent read(JsonNode node, String json) {
        LineageEventValidator validator = new LineageEventValidator();
        LineageEvent event = validator.event(node);
        if (validator.violations.isEmpty()) {
            validator.nodeIdsFit(event);
        }
        if (!validator.violations.isEmpty()) {
            throw new InvalidLineageEventException(validator.violations);
        }
        return new LineageEvent(
                event.kind(),
                event.eventType(),
                event.eventTime(),
                event.producer(),
                event.schemaUrl(),
                event.runId(),
                event.job(),
                event.inputs(),
                event.outputs(),
                event.runFacets(),
                json);
    }

    private LineageEvent event(JsonNode event) {
        if (event == null || !event.isObject()) {
            fault("", "must be a JSON object: an OpenLineage RunEvent, DatasetEvent or JobEvent");
            return null;
        }
        unstorableText(event, "");
        Instant eventTime = dateTime(event, "/eventTime", "eventTime");
        String producer = uri(event, "", "producer", true);
        String schemaUrl = uri(event, "", "schemaURL", true);
        // A RunEvent that lost its run is still a RunEvent (it says so by its type or schema), not a JobEvent.
        boolean hasRun =
                event.has("run") || event.has("eventType") || (schemaUrl != null && schemaUrl.endsWith("/RunEvent"));
        boolean hasDataset = event.has("dataset");
        boolean hasJob = event.has("job");
        LineageEvent.Kind kind;
        if (hasRun) {
            kind = LineageEvent.Kind.RUN;
            if (hasDataset) {
                fault("/dataset", "must not be present in a RunEvent");
            }
        } else if (hasDataset) {
            kind = LineageEvent.Kind.DATASET;
            if (hasJob) {
                fault("/job", "must not be present in a DatasetEvent");
            }
        } else if (hasJob) {
            kind = LineageEvent.Kind.JOB;
        } else {
            fault(
                    "/run",
                    "is required: the event must be a RunEvent (run, job), a DatasetEvent (dataset) or a JobEvent (job)");
            return null;
        }
        String eventType = null;
        UUID runId = null;
        String runFacets = null;
        LineageEvent.Job job = null;
        List<LineageEvent.Dataset> inputs = List.of();
        List<LineageEvent.Dataset> outputs = List.of();
        if (kind == LineageEvent.Kind.RUN) {
            JsonNode type = event.get("eventType");
            if (type != null && !type.isNull()) {
                if (!type.isTextual() || !EVENT_TYPES.contains(type.asText())) {
                    fault("/eventType", "must be one of " + String.join(", ", sorted(EVENT_TYPES)));
                } else {
                    eventType = type.asText();
                }
            }
            JsonNode run = object(event, "", "run", true);
            if (run != null) {
                runId = uuid(run, "/run", "runId");
                JsonNode facets = facets(run, "/run", "facets");
                runFacets = facets == null ? null : facets.toString();
            }
        }
        if (kind != LineageEvent.Kind.DATASET) {
            JsonNode jobNode = object(event, "", "job", true);
            if (jobNode != null) {
                String namespace = name(jobNode, "/job", "namespace");
                String name = name(jobNode, "/job", "name");
                JsonNode jobFacets = facets(jobNode, "/job", "facets");
                if (namespace != null && name != null) {
                    job = new LineageEvent.Job(
                            namespace, name, location(jobFacets), jobFacets == null ? null : jobFacets.toString());
                }
            }
            inputs = datasets(event, "inputs", "inputFacets");
            outputs = datasets(event, "outputs", "outputFacets");
        } else {
            LineageEvent.Dataset dataset = dataset(event.get("dataset"), "/dataset", null);
            outputs = dataset == null ? List.of() : List.of(dataset);
        }
        return new LineageEvent(
                kind, eventType, eventTime, producer, schemaUrl, runId, job, inputs, outputs, runFacets, null);
    }

    private List<LineageEvent.Dataset> datasets(JsonNode event, String member, String ioFacets) {
        JsonNode array = event.get(member);
        String pointer = "/" + member;
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            fault(pointer, "must be an array of datasets");
            return List.of();
        }
        if (array.size() > MAX_DATASETS) {
            fault(pointer, "must hold at most " + MAX_DATASETS + " datasets");
            return List.of();
        }
        List<LineageEvent.Dataset> datasets = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            LineageEvent.Dataset dataset = dataset(array.get(i), JsonPointer.append(pointer, i), ioFacets);
            if (dataset != null) {
                datasets.add(dataset);
            }
        }
        return datasets;
    }

    private LineageEvent.Dataset dataset(JsonNode dataset, String pointer, String ioFacets) {
        if (dataset == null || !dataset.isObject()) {
            fault(pointer, "must be a dataset object with namespace and name");
            return null;
        }
        String namespace = name(dataset, pointer, "namespace");
        String name = name(dataset, pointer, "name");
        JsonNode facets = facets(dataset, pointer, "facets");
        if (ioFacets != null) {
            facets(dataset, pointer, ioFacets);
        }
        List<LineageEvent.Field> fields = List.of();
        List<LineageEvent.ColumnLineage> columns = List.of();
        if (facets != null) {
            String facetsPointer = JsonPointer.append(pointer, "facets");
            fields = schemaFields(facets.get("schema"), JsonPointer.append(facetsPointer, "schema"));
            columns = columnLineage(facets.get("columnLineage"), JsonPointer.append(facetsPointer, "columnLineage"));
        }
        return namespace == null || name == null ? null : new LineageEvent.Dataset(namespace, name, fields, columns);
    }

    private List<LineageEvent.Field> schemaFields(JsonNode schema, String pointer) {
        if (schema == null || !schema.isObject() || !schema.has("fields")) {
            return List.of();
        }
        JsonNode fields = schema.get("fields");
        String fieldsPointer = JsonPointer.append(pointer, "fields");
        if (!fields.isArray() || fields.size() > MAX_FIELDS) {
            fault(fieldsPointer, "must be an array of at most " + MAX_FIELDS + " {name, type} objects");
            return List.of();
        }
        List<LineageEvent.Field> result = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            JsonNode field = fields.get(i);
            String fieldPointer = JsonPointer.append(fieldsPointer, i);
            if (!field.isObject()) {
                fault(fieldPointer, "must be a {name, type} object");
                continue;
            }
            String name = name(field, fieldPointer, "name");
            String type = optionalString(field, fieldPointer, "type");
            if (name != null) {
                result.add(new LineageEvent.Field(name, type));
            }
        }
        return result;
    }

    private List<LineageEvent.ColumnLineage> columnLineage(JsonNode facet, String pointer) {
        if (facet == null || !facet.isObject()) {
            return List.of();
        }
        JsonNode fields = facet.get("fields");
        String fieldsPointer = JsonPointer.append(pointer, "fields");
        if (fields == null || !fields.isObject()) {
            fault(fieldsPointer, "is required: an object of output fields, each with inputFields");
            return List.of();
        }
        List<LineageEvent.ColumnLineage> result = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String output = entry.getKey();
            String outputPointer = JsonPointer.append(fieldsPointer, output);
            if (output.isEmpty() || output.length() > MAX_NAME_LENGTH) {
                fault(outputPointer, "must be a field name of 1 to " + MAX_NAME_LENGTH + " characters");
                continue;
            }
            JsonNode outputField = entry.getValue();
            if (!outputField.isObject()) {
                fault(outputPointer, "must be an object with inputFields");
                continue;
            }
            JsonNode inputs = outputField.get("inputFields");
            String inputsPointer = JsonPointer.append(outputPointer, "inputFields");
            if (inputs == null || !inputs.isArray()) {
                fault(inputsPointer, "is required: an array of {namespace, name, field} objects");
                continue;
            }
            for (int i = 0; i < inputs.size(); i++) {
                String inputPointer = JsonPointer.append(inputsPointer, i);
                if (++columnEdges > MAX_FIELDS) {
                    fault(inputPointer, "is one input field too many: an event may hold at most " + MAX_FIELDS);
                    return result;
                }
                LineageEvent.ColumnLineage edge = inputField(output, inputs.get(i), inputPointer);
                if (edge != null) {
                    result.add(edge);
                }
            }
        }
        return result;
    }

    private LineageEvent.ColumnLineage inputField(String output, JsonNode input, String pointer) {
        if (!input.isObject()) {
            fault(pointer, "must be a {namespace, name, field} object");
            return null;
        }
        String namespace = name(input, pointer, "namespace");
        String name = name(input, pointer, "name");
        String field = name(input, pointer, "field");
        String type = null;
        String subtype = null;
        String description = null;
        JsonNode transformations = input.get("transformations");
        String transformationsPointer = JsonPointer.append(pointer, "transformations");
        if (transformations != null && !transformations.isNull()) {
            if (!transformations.isArray()) {
                fault(transformationsPointer, "must be an array of {type, subtype, description, masking} objects");
            } else {
                for (int i = 0; i < transformations.size(); i++) {
                    JsonNode transformation = transformations.get(i);
                    String tp = JsonPointer.append(transformationsPointer, i);
                    if (!transformation.isObject()) {
                        fault(tp, "must be a {type, subtype, description, masking} object");
                        continue;
                    }
                    JsonNode t = transformation.get("type");
                    if (t == null || !t.isTextual() || !TRANSFORMATION_TYPES.contains(t.asText())) {
                        fault(JsonPointer.append(tp, "type"), "is required: DIRECT or INDIRECT");
                    }
                    String s = optionalString(transformation, tp, "subtype");
                    String d = optionalString(transformation, tp, "description");
                    JsonNode masking = transformation.get("masking");
                    if (masking != null && !masking.isNull() && !masking.isBoolean()) {
                        fault(JsonPointer.append(tp, "masking"), "must be a boolean");
                    }
                    if (i == 0 && t != null && t.isTextual()) {
                        type = t.asText();
                        subtype = s;
                        description = d;
                    }
                }
            }
        }
        if (namespace == null || name == null || field == null) {
            return null;
        }
        return new LineageEvent.ColumnLineage(output, namespace, name, field, type, subtype, description);
    }

    /** The {@code sourceCodeLocation} job facet's {@code url}, when it is text. */
    private static String location(JsonNode facets) {
        JsonNode url = facets == null ? null : facets.path("sourceCodeLocation").get("url");
        return url != null && url.isTextual() ? url.asText() : null;
    }

    /** A facets object: every member a facet with {@code _producer} and {@code _schemaURL}. */
    private JsonNode facets(JsonNode parent, String pointer, String member) {
        JsonNode facets = parent.get(member);
        if (facets == null || facets.isNull()) {
            return null;
        }
        String facetsPointer = JsonPointer.append(pointer, member);
        if (!facets.isObject()) {
            fault(facetsPointer, "must be an object of facets");
            return null;
        }
        boolean valid = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> facet = it.next();
            String facetPointer = JsonPointer.append(facetsPointer, facet.getKey());
            if (!facet.getValue().isObject()) {
                fault(facetPointer, "must be a facet object with _producer and _schemaURL");
                valid = false;
                continue;
            }
            valid &= uri(facet.getValue(), facetPointer, "_producer", true) != null;
            valid &= uri(facet.getValue(), facetPointer, "_schemaURL", true) != null;
            JsonNode deleted = facet.getValue().get("_deleted");
            if (deleted != null && !deleted.isNull() && !deleted.isBoolean()) {
                fault(JsonPointer.append(facetPointer, "_deleted"), "must be a boolean");
                valid = false;
            }
        }
        return valid ? facets : null;
    }

    private JsonNode object(JsonNode parent, String pointer, String member, boolean required) {
        JsonNode value = parent.get(member);
        String p = JsonPointer.append(pointer, member);
        if (value == null || value.isNull()) {
            if (required) {
                fault(p, "is required");
            }
            return null;
        }
        if (!value.isObject()) {
            fault(p, "must be an object");
            return null;
        }
        return value;
    }

    /** A required namespace, name or field name: a non-blank string of at most {@link #MAX_NAME_LENGTH}. */
    private String name(JsonNode parent, String pointer, String member) {
        JsonNode value = parent.get(member);
        String p = JsonPointer.append(pointer, member);
        if (value == null || value.isNull()) {
            fault(p, "is required");
            return null;
        }
        if (!value.isTextual()) {
            fault(p, "must be a string");
            return null;
        }
        String text = value.asText();
        if (text.isBlank() || text.length() > MAX_NAME_LENGTH || hasControl(text)) {
            fault(p, "must be 1 to " + MAX_NAME_LENGTH + " characters, not blank, without control characters");
            return null;
        }
        return text;
    }

    private String optionalString(JsonNode parent, String pointer, String member) {
        JsonNode value = parent.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            fault(JsonPointer.append(pointer, member), "must be a string");
            return null;
        }
        return value.asText();
    }

    /** A required absolute URI, as the schema's {@code format: uri} asks. */
    private String uri(JsonNode parent, String pointer, String member, boolean required) {
        JsonNode value = parent.get(member);
        String p = JsonPointer.append(pointer, member);
        if (value == null || value.isNull()) {
            if (required) {
                fault(p, "is required: a URI");
            }
            return null;
        }
        if (!value.isTextual()) {
            fault(p, "must be a string holding a URI");
            return null;
        }
        String text = value.asText();
        try {
            if (text.length() <= 4096 && !hasControl(text) && new URI(text).isAbsolute()) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        fault(p, "must be an absolute URI");
        return null;
    }

    private Instant dateTime(JsonNode parent, String pointer, String member) {
        JsonNode value = parent.get(member);
        if (value == null || value.isNull()) {
            fault(pointer, "is required: an ISO-8601 date-time with offset");
            return null;
        }
        if (!value.isTextual()) {
            fault(pointer, "must be a string holding an ISO-8601 date-time with offset");
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            fault(pointer, "must be an ISO-8601 date-time with offset, such as 2026-01-31T12:00:00.000Z");
            return null;
        }
    }

    private UUID uuid(JsonNode parent, String pointer, String member) {
        JsonNode value = parent.get(member);
        String p = JsonPointer.append(pointer, member);
        if (value == null || value.isNull()) {
            fault(p, "is required: a UUID");
            return null;
        }
        if (value.isTextual() && UUID_TEXT.matcher(value.asText()).matches()) {
            return UUID.fromString(value.asText());
        }
        fault(p, "must be a UUID string, such as 0191b5a4-6c2e-7d3f-8a1b-2c3d4e5f6a7b");
        return null;
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || hasLoneSurrogate(text);
    }

    /**
     * Text no store can keep, anywhere in the event (facets and unknown members too): NUL, which PostgreSQL's text and
     * jsonb refuse, a lone UTF-16 surrogate, which is no character at all, and numbers beyond a double's range.
     */
    private void unstorableText(JsonNode node, String pointer) {
        if (violations.size() >= MAX_UNSTORABLE_FAULTS) {
            return;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.indexOf((char) 0) >= 0 || hasLoneSurrogate(text)) {
                fault(pointer, "must not contain NUL (\\u0000) or a lone surrogate");
            }
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            fault(pointer, "must be a number within the range of a double");
        } else if (node.isObject()) {
            for (var fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                String child = JsonPointer.append(pointer, field.getKey());
                if (field.getKey().indexOf((char) 0) >= 0 || hasLoneSurrogate(field.getKey())) {
                    fault(child, "the member name must not contain NUL (\\u0000) or a lone surrogate");
                }
                unstorableText(field.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unstorableText(node.get(i), JsonPointer.append(pointer, i));
            }
        }
    }

    /**
     * Every node id the event makes (jobs, datasets, fields) fits the store's keys: a PostgreSQL index entry holds at
     * most about 2.7 KB, so names that are each within limits can still make a key too long together.
     */
    private void nodeIdsFit(LineageEvent event) {
        if (event.job() != null && tooLong(event.job().node())) {
            fault("/job", "namespace and name together must be at most " + MAX_NODE_BYTES + " UTF-8 bytes");
        }
        List<LineageEvent.Dataset> datasets = new ArrayList<>(event.inputs());
        datasets.addAll(event.outputs());
        for (LineageEvent.Dataset dataset : datasets) {
            if (tooLong(dataset.node())) {
                fault(
                        "/" + (event.inputs().contains(dataset) ? "inputs" : "outputs"),
                        "a dataset's namespace and name together must be at most " + MAX_NODE_BYTES + " UTF-8 bytes: "
                                + abbreviated(dataset.node()));
                continue;
            }
            for (LineageEvent.Field field : dataset.fields()) {
                if (tooLong(NodeId.field(dataset.namespace(), dataset.name(), field.name()))) {
                    fault(
                            "/outputs",
                            "a field's dataset and name together must be at most " + MAX_NODE_BYTES + " UTF-8 bytes: "
                                    + abbreviated(dataset.node()));
                }
            }
            for (LineageEvent.ColumnLineage column : dataset.columnLineage()) {
                if (tooLong(NodeId.field(dataset.namespace(), dataset.name(), column.outputField()))
                        || tooLong(NodeId.field(column.inputNamespace(), column.inputName(), column.inputField()))) {
                    fault(
                            "/outputs",
                            "a column lineage field's dataset and name together must be at most " + MAX_NODE_BYTES
                                    + " UTF-8 bytes: " + abbreviated(dataset.node()));
                }
            }
        }
    }

    private static boolean tooLong(NodeId node) {
        return node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NODE_BYTES;
    }

    private static String abbreviated(NodeId node) {
        String text = node.toString();
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private void fault(String pointer, String message) {
        violations.add(new LineageViolation(pointer, message));
    }
}
