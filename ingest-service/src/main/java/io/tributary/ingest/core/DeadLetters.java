package io.tributary.ingest.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * The value of a record on {@code tributary.ingest.dlq}: the rejected record as sent (or its raw text when it could
 * not be read) with every reason, and enough context to find the request it came in.
 */
final class DeadLetters {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetters() {
    }

    static byte[] value(RejectedRecord rejected, IngestContract contract, UUID receiptId, String producer, Instant at) {
        ObjectNode letter = JSON.createObjectNode();
        letter.put("table", contract.table().toString());
        letter.put("namespace", contract.table().namespace());
        letter.put("name", contract.table().name());
        letter.put("contractVersion", contract.version());
        letter.put("receiptId", receiptId.toString());
        letter.put("producer", producer);
        letter.put("index", rejected.index());
        if (rejected.line() > 0) {
            letter.put("line", rejected.line());
        }
        letter.put("rejectedAt", at.toString());
        ArrayNode reasons = letter.putArray("reasons");
        for (Violation violation : rejected.violations()) {
            reasons.addObject()
                    .put("pointer", violation.pointer())
                    .put("expected", violation.expected())
                    .put("actual", violation.actual())
                    .put("message", violation.message());
        }
        if (rejected.record() != null) {
            letter.set("record", rejected.record());
        } else {
            letter.put("raw", rejected.raw());
        }
        try {
            return JSON.writeValueAsBytes(letter);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
