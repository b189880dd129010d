package io.tributary.catalog.api.lineage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.CharTypes;
import io.tributary.catalog.core.lineage.LineageEdge;
import io.tributary.catalog.core.lineage.LineageEvent;
import io.tributary.catalog.core.lineage.LineageNodes;
import io.tributary.catalog.core.lineage.LineageService;
import io.tributary.catalog.core.lineage.NodeId;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Marquez's graph answer, {@code {"graph": [{id, type, data, inEdges, outEdges}]}}, written straight to the response:
 * a deep graph's answer runs to megabytes, and building it as a tree first would double its cost. Stored run facets
 * are already JSON and are copied as they are.
 */
final class LineageJson {

    /**
     * Datasets' and jobs' JSON by their data: the store hands out the same node data on every read while it is current,
     * so a repeated read copies bytes instead of formatting them again. Weak keys: entries go when the data does.
     */
    private static final Map<LineageNodes.Dataset, byte[]> DATASETS = Collections.synchronizedMap(new WeakHashMap<>());

    private static final Map<LineageNodes.Job, byte[][]> JOBS = Collections.synchronizedMap(new WeakHashMap<>());

    /** Jackson's escapes for ASCII: 0 where a character is written as it is. */
    private static final int[] ASCII_ESCAPES = CharTypes.get7BitOutputEscapes();

    /** Each kind's node id prefix ({@code dataset:}) and answer type ({@code "DATASET"}), as NodeId spells them. */
    private static final Map<NodeId.Kind, byte[]> PREFIXES = new EnumMap<>(NodeId.Kind.class);

    private static final Map<NodeId.Kind, byte[]> TYPES = new EnumMap<>(NodeId.Kind.class);

    static {
        for (NodeId.Kind kind : NodeId.Kind.values()) {
            String text = new NodeId(kind, null, null, null, null).toString();
            PREFIXES.put(kind, ascii(text.substring(0, text.indexOf(':') + 1)));
            TYPES.put(kind, ascii(",\"type\":\"" + kind.type() + "\",\"data\":"));
        }
    }

    private LineageJson() {}

    static StreamingOutput graph(List<LineageNodes.GraphNode> nodes) {
        return out -> {
            // One buffer for the whole answer: each write to the response stream costs a trip through the HTTP layer,
            // and a megabyte answer written as cached bytes and escaped ids allocates next to nothing else.
            Bytes json = new Bytes(out);
            json.raw(GRAPH_START);
            for (int n = 0; n < nodes.size(); n++) {
                LineageNodes.GraphNode node = nodes.get(n);
                json.raw(n == 0 ? ID_FIRST : ID_NEXT);
                json.nodeId(node.id());
                json.raw(TYPES.get(node.id().kind()));
                data(json, node);
                json.raw(IN_EDGES);
                edges(json, node.inEdges());
                json.raw(OUT_EDGES);
                edges(json, node.outEdges());
                json.raw(NODE_END);
            }
            json.raw(GRAPH_END);
            json.flush();
        };
    }

    private static final byte[] GRAPH_START = ascii("{\"graph\":[");
    private static final byte[] GRAPH_END = ascii("]}");
    private static final byte[] ID_FIRST = ascii("{\"id\":");
    private static final byte[] ID_NEXT = ascii(",{\"id\":");
    private static final byte[] IN_EDGES = ascii(",\"inEdges\":[");
    private static final byte[] OUT_EDGES = ascii("],\"outEdges\":[");
    private static final byte[] NODE_END = ascii("]}");
    private static final byte[] ORIGIN_FIRST = ascii("{\"origin\":");
    private static final byte[] ORIGIN_NEXT = ascii(",{\"origin\":");
    private static final byte[] DESTINATION = ascii(",\"destination\":");
    private static final byte[] NAMESPACE_FIRST = ascii("{\"namespace\":");
    private static final byte[] NAMESPACE_NEXT = ascii(",{\"namespace\":");
    private static final byte[] NAME = ascii(",\"name\":");
    private static final byte[] INPUTS = ascii(",\"inputs\":[");
    private static final byte[] OUTPUTS = ascii("],\"outputs\":[");
    private static final byte[] AFTER_OUTPUTS = ascii("],");
    private static final byte[] DATASET = ascii(",\"dataset\":");
    private static final byte[] FIELD = ascii(",\"field\":");
    private static final byte[] FIELD_TYPE = ascii(",\"fieldType\":");
    private static final byte[] INPUT_FIELDS = ascii(",\"inputFields\":[");
    private static final byte[] TRANSFORMATION_TYPE = ascii(",\"transformationType\":");
    private static final byte[] TRANSFORMATION_SUBTYPE = ascii(",\"transformationSubtype\":");
    private static final byte[] TRANSFORMATION_DESCRIPTION = ascii(",\"transformationDescription\":");
    private static final byte[] OBJECT_END = ascii("}");
    private static final byte[] ARRAY_OBJECT_END = ascii("]}");
    private static final byte[] NULL = ascii("null");

    private static void data(Bytes json, LineageNodes.GraphNode node) throws IOException {
        Object data = node.data();
        if (data instanceof LineageNodes.Dataset dataset) {
            json.raw(DATASETS.computeIfAbsent(dataset, LineageJson::dataset));
        } else if (data instanceof LineageNodes.Job job) {
            byte[][] parts = JOBS.computeIfAbsent(job, LineageJson::job);
            json.raw(parts[0]);
            json.raw(INPUTS);
            List<LineageEdge> in = node.inEdges();
            for (int i = 0; i < in.size(); i++) {
                datasetId(json, i == 0, in.get(i).origin());
            }
            json.raw(OUTPUTS);
            List<LineageEdge> out = node.outEdges();
            for (int i = 0; i < out.size(); i++) {
                datasetId(json, i == 0, out.get(i).destination());
            }
            json.raw(AFTER_OUTPUTS);
            json.raw(parts[1]);
        } else if (data instanceof LineageService.FieldData field) {
            field(json, field);
        } else {
            json.raw(NULL);
        }
    }

    private static void datasetId(Bytes json, boolean first, NodeId dataset) throws IOException {
        json.raw(first ? NAMESPACE_FIRST : NAMESPACE_NEXT);
        json.string(dataset.namespace());
        json.raw(NAME);
        json.string(dataset.name());
        json.raw(OBJECT_END);
    }

    private static void field(Bytes json, LineageService.FieldData field) throws IOException {
        NodeId id = field.field().id();
        json.raw(NAMESPACE_FIRST);
        json.string(id.namespace());
        json.raw(DATASET);
        json.string(id.name());
        json.raw(FIELD);
        json.string(id.field());
        json.raw(FIELD_TYPE);
        json.string(field.field().type());
        json.raw(INPUT_FIELDS);
        List<LineageService.FieldInput> inputs = field.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            LineageService.FieldInput input = inputs.get(i);
            json.raw(i == 0 ? NAMESPACE_FIRST : NAMESPACE_NEXT);
            json.string(input.field().namespace());
            json.raw(DATASET);
            json.string(input.field().name());
            json.raw(FIELD);
            json.string(input.field().field());
            LineageNodes.Transformation transformation = input.transformation();
            json.raw(TRANSFORMATION_TYPE);
            json.string(transformation == null ? null : transformation.type());
            json.raw(TRANSFORMATION_SUBTYPE);
            json.string(transformation == null ? null : transformation.subtype());
            json.raw(TRANSFORMATION_DESCRIPTION);
            json.string(transformation == null ? null : transformation.description());
            json.raw(OBJECT_END);
        }
        json.raw(ARRAY_OBJECT_END);
    }

    private static void edges(Bytes json, List<LineageEdge> edges) throws IOException {
        for (int i = 0; i < edges.size(); i++) {
            LineageEdge edge = edges.get(i);
            json.raw(i == 0 ? ORIGIN_FIRST : ORIGIN_NEXT);
            json.nodeId(edge.origin());
            json.raw(DESTINATION);
            json.nodeId(edge.destination());
            json.raw(OBJECT_END);
        }
    }

    /**
     * A string's JSON text as the generator writes it, without quotes: its escapes differ from {@link
     * com.fasterxml.jackson.core.io.JsonStringEncoder}'s for characters beyond the BMP.
     */
    private static byte[] escaped(String text) {
        byte[] quoted = rendered(json -> json.writeString(text));
        return Arrays.copyOfRange(quoted, 1, quoted.length - 1);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The answer's bytes on their way out: JSON strings escaped as Jackson escapes them, in one reused buffer. */
    private static final class Bytes {

        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 16];
        private int used;

        Bytes(OutputStream out) {
            this.out = out;
        }

        void raw(byte[] bytes) throws IOException {
            if (bytes.length > buffer.length - used) {
                flushBuffer();
                if (bytes.length > buffer.length) {
                    out.write(bytes);
                    return;
                }
            }
            System.arraycopy(bytes, 0, buffer, used, bytes.length);
            used += bytes.length;
        }

        /** {@code text} as a JSON string, or {@code null}. */
        void string(String text) throws IOException {
            if (text == null) {
                raw(NULL);
                return;
            }
            quote();
            body(text);
            quote();
        }

        /** A node id as a JSON string, the same text as {@link NodeId#toString()} without building it. */
        void nodeId(NodeId id) throws IOException {
            quote();
            raw(PREFIXES.get(id.kind()));
            if (id.kind() == NodeId.Kind.RUN) {
                body(String.valueOf(id.runId()));
            } else {
                body(String.valueOf(id.namespace()));
                colon();
                body(String.valueOf(id.name()));
                if (id.kind() == NodeId.Kind.DATASET_FIELD) {
                    colon();
                    body(String.valueOf(id.field()));
                }
            }
            quote();
        }

        /** Plain ASCII is copied byte by byte; anything else goes through Jackson's generator, as it always did. */
        private void body(String text) throws IOException {
            int length = text.length();
            if (length > buffer.length - used) {
                flushBuffer();
            }
            if (length <= buffer.length - used) {
                int start = used;
                for (int i = 0; i < length; i++) {
                    char c = text.charAt(i);
                    if (c >= 128 || ASCII_ESCAPES[c] != 0) {
                        used = start;
                        raw(escaped(text));
                        return;
                    }
                    buffer[used++] = (byte) c;
                }
                return;
            }
            raw(escaped(text));
        }

        private void quote() throws IOException {
            single((byte) '"');
        }

        private void colon() throws IOException {
            single((byte) ':');
        }

        private void single(byte b) throws IOException {
            if (used == buffer.length) {
                flushBuffer();
            }
            buffer[used++] = b;
        }

        private void flushBuffer() throws IOException {
            if (used > 0) {
                out.write(buffer, 0, used);
                used = 0;
            }
        }

        void flush() throws IOException {
            flushBuffer();
            out.flush();
        }
    }

    private static byte[] dataset(LineageNodes.Dataset dataset) {
        return rendered(json -> dataset(json, dataset));
    }

    /** A job's data but its inputs and outputs (those are the answer's edges): the bytes before them and after them. */
    private static byte[][] job(LineageNodes.Job job) {
        byte[] head = rendered(json -> {
            json.writeStartObject();
            datasetId(json, "id", job.namespace(), job.name());
            json.writeStringField("namespace", job.namespace());
            json.writeStringField("name", job.name());
            json.writeStringField("simpleName", job.name());
            time(json, "createdAt", job.createdAt());
            time(json, "updatedAt", job.updatedAt());
            json.writeEndObject();
        });
        byte[] tail = rendered(json -> {
            json.writeStartObject();
            latestRun(json, job.latestRun());
            json.writeEndObject();
        });
        // {"id":...,"updatedAt":...} and {"latestRun":...}: the first without its brace, the second without its
        // opening.
        return new byte[][] {Arrays.copyOf(head, head.length - 1), Arrays.copyOfRange(tail, 1, tail.length)};
    }

    private interface Writing {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] rendered(Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = LineageEndpoints.JSON.getFactory().createGenerator(bytes)) {
            writing.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void dataset(JsonGenerator json, LineageNodes.Dataset dataset) throws IOException {
        json.writeStartObject();
        datasetId(json, "id", dataset.namespace(), dataset.name());
        json.writeStringField("namespace", dataset.namespace());
        json.writeStringField("name", dataset.name());
        json.writeStringField("physicalName", dataset.name());
        time(json, "createdAt", dataset.createdAt());
        time(json, "updatedAt", dataset.updatedAt());
        json.writeArrayFieldStart("fields");
        for (LineageEvent.Field field : dataset.fields()) {
            json.writeStartObject();
            json.writeStringField("name", field.name());
            json.writeStringField("type", field.type());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void latestRun(JsonGenerator json, LineageNodes.Run run) throws IOException {
        if (run == null) {
            json.writeNullField("latestRun");
        } else {
            json.writeObjectFieldStart("latestRun");
            json.writeStringField("id", run.id().toString());
            json.writeStringField(
                    "state", run.state() == null ? null : run.state().name());
            time(json, "createdAt", run.createdAt());
            time(json, "updatedAt", run.updatedAt());
            time(json, "startedAt", run.startedAt());
            time(json, "endedAt", run.endedAt());
            json.writeFieldName("facets");
            if (run.facets() == null) {
                json.writeStartObject();
                json.writeEndObject();
            } else {
                json.writeRawValue(run.facets());
            }
            json.writeEndObject();
        }
    }

    /** {@code {"namespace": ..., "name": ...}}, as a member when {@code field} is named, else as an array element. */
    private static void datasetId(JsonGenerator json, String field, String namespace, String name) throws IOException {
        if (field != null) {
            json.writeFieldName(field);
        }
        json.writeStartObject();
        json.writeStringField("namespace", namespace);
        json.writeStringField("name", name);
        json.writeEndObject();
    }

    private static void time(JsonGenerator json, String name, Instant at) throws IOException {
        json.writeStringField(name, at == null ? null : at.toString());
    }
}
