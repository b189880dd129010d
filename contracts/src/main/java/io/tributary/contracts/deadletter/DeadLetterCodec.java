package io.tributary.contracts.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The JSON form of a {@link DeadLetter}, field by field as {@code docs/api.md} documents it; null fields are left out. */
public final class DeadLetterCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterCodec() {}

    public static byte[] encode(DeadLetter letter) {
        try {
            return JSON.writeValueAsBytes(toJson(letter));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode toJson(DeadLetter letter) {
        ObjectNode json = JSON.createObjectNode();
        json.put("table", letter.table());
        putIfSet(json, "namespace", letter.namespace());
        putIfSet(json, "name", letter.name());
        json.put("stage", letter.stage().label());
        if (letter.contractVersion() != null) {
            json.put("contractVersion", letter.contractVersion());
        }
        putIfSet(json, "producer", letter.producer());
        putIfSet(json, "receiptId", letter.receiptId());
        if (letter.index() != null) {
            json.put("index", letter.index());
        }
        if (letter.line() != null) {
            json.put("line", letter.line());
        }
        putIfSet(json, "topic", letter.topic());
        if (letter.partition() != null) {
            json.put("partition", letter.partition());
        }
        if (letter.offset() != null) {
            json.put("offset", letter.offset());
        }
        putIfSet(json, "traceId", letter.traceId());
        json.put("rejectedAt", letter.rejectedAt().toString());
        ArrayNode reasons = json.putArray("reasons");
        for (DeadLetter.Reason reason : letter.reasons()) {
            ObjectNode item = reasons.addObject();
            putIfSet(item, "pointer", reason.pointer());
            putIfSet(item, "expected", reason.expected());
            putIfSet(item, "actual", reason.actual());
            item.put("message", reason.message());
        }
        if (letter.record() != null) {
            json.set("record", letter.record());
        } else if (letter.raw() != null) {
            json.put("raw", letter.raw());
        }
        return json;
    }

    /** @throws IllegalArgumentException when {@code value} is not a dead letter */
    public static DeadLetter decode(byte[] value) {
        JsonNode json;
        try {
            json = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("A dead letter is a JSON object: " + e.getMessage(), e);
        }
        if (json == null
                || !json.isObject()
                || !json.hasNonNull("table")
                || !json.hasNonNull("stage")
                || !json.hasNonNull("rejectedAt")) {
            throw new IllegalArgumentException("A dead letter has at least table, stage and rejectedAt");
        }
        List<DeadLetter.Reason> reasons = new ArrayList<>();
        for (JsonNode reason : json.path("reasons")) {
            reasons.add(new DeadLetter.Reason(
                    text(reason, "pointer"),
                    text(reason, "expected"),
                    text(reason, "actual"),
                    text(reason, "message")));
        }
        return new DeadLetter(
                json.get("table").asText(),
                text(json, "namespace"),
                text(json, "name"),
                DeadLetter.Stage.of(json.get("stage").asText()),
                json.hasNonNull("contractVersion") ? json.get("contractVersion").asInt() : null,
                text(json, "producer"),
                text(json, "receiptId"),
                json.hasNonNull("index") ? json.get("index").asLong() : null,
                json.hasNonNull("line") ? json.get("line").asLong() : null,
                text(json, "topic"),
                json.hasNonNull("partition") ? json.get("partition").asInt() : null,
                json.hasNonNull("offset") ? json.get("offset").asLong() : null,
                text(json, "traceId"),
                Instant.parse(json.get("rejectedAt").asText()),
                reasons,
                json.has("record") ? json.get("record") : null,
                text(json, "raw"));
    }

    private static void putIfSet(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
