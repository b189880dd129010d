package io.tributary.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The envelope of every event Tributary publishes: CloudEvents 1.0 in structured JSON mode.
 * {@code traceparent} travels in the Kafka headers, not in the envelope.
 *
 * @param subject the resource the event is about, e.g. {@code sales.orders}; also the Kafka key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";

    public CloudEvent {
        if (!SPEC_VERSION.equals(specversion)) {
            throw new IllegalArgumentException("specversion must be 1.0, was " + specversion);
        }
        requireText("id", id);
        requireText("source", source);
        requireText("type", type);
    }

    /** A new event with a UUIDv7 id and the current time, truncated to milliseconds. */
    public static CloudEvent of(String source, String type, String subject, JsonNode data) {
        return new CloudEvent(
                SPEC_VERSION,
                Uuid7.next().toString(),
                source,
                type,
                subject,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "application/json",
                data);
    }

    private static void requireText(String field, String value) {
        if (Objects.requireNonNull(value, field + " is required").isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
