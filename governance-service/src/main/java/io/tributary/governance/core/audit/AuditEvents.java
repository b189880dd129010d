package io.tributary.governance.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads the audit events services put on {@code tributary.audit}: CloudEvents whose {@code data} holds
 * {@code principal, action, resource, outcome, occurredAt, traceId, detail}. An event without those is not an audit
 * event and is skipped (and counted) rather than chained.
 */
public final class AuditEvents {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final int MAX_FIELD = 1024;
    private static final int MAX_DETAIL = 65536;

    private AuditEvents() {}

    /** The entry a Kafka record's value stands for, or empty when it is not a readable audit event. */
    public static Optional<AuditEntry> parse(byte[] value, Instant recordedAt) {
        if (value == null || value.length == 0 || value.length > 1 << 20) {
            return Optional.empty();
        }
        JsonNode event;
        try {
            event = JSON.readTree(value);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        if (event == null
                || !event.isObject()
                || !event.path("id").isTextual()
                || !event.path("data").isObject()) {
            return Optional.empty();
        }
        JsonNode data = event.get("data");
        String principal = text(data, "principal");
        String action = text(data, "action");
        String resource = text(data, "resource");
        String outcome = text(data, "outcome");
        if (principal == null || action == null || resource == null || outcome == null) {
            return Optional.empty();
        }
        Instant occurred = recordedAt;
        String when = text(data, "occurredAt");
        if (when == null) {
            when = text(event, "time");
        }
        if (when != null) {
            try {
                occurred = Instant.parse(when);
            } catch (DateTimeParseException e) {
                occurred = recordedAt;
            }
        }
        String detail = null;
        ObjectNode details = JSON.createObjectNode();
        if (data.get("detail") != null && data.get("detail").isObject()) {
            details.setAll((ObjectNode) data.get("detail"));
        }
        String client = text(data, "client");
        if (client != null) {
            details.put("client", client);
        }
        if (!details.isEmpty()) {
            detail = canonical(details);
            if (detail.length() > MAX_DETAIL) {
                detail = canonical(JSON.createObjectNode().put("truncated", true));
            }
        }
        return Optional.of(new AuditEntry(
                eventId(event),
                occurred,
                recordedAt,
                principal,
                action,
                resource,
                outcome,
                text(data, "traceId"),
                detail));
    }

    /** The CloudEvents id as a UUID; ids that are not UUIDs are mapped to one by their source and id. */
    static UUID eventId(JsonNode event) {
        String id = event.get("id").asText();
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes((event.path("source").asText() + "\n" + id).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            return null;
        }
        String text = value.asText();
        return text.length() > MAX_FIELD ? text.substring(0, MAX_FIELD) : text;
    }

    /** JSON with object keys sorted at every level and no insignificant spaces. */
    public static String canonical(JsonNode node) {
        try {
            return JSON.writeValueAsString(sorted(node));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), sorted(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            java.util.List<Object> list = new java.util.ArrayList<>();
            node.forEach(item -> list.add(sorted(item)));
            return list;
        }
        return node;
    }
}
