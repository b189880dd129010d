package io.tributary.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tributary.catalog.core.iceberg.CatalogEvent;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.CloudEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Writes catalog events to {@code catalog_outbox} on the caller's connection, so they commit or roll back with the
 * change they describe; {@code OutboxRelay} publishes them afterwards, with the request's {@code traceparent}.
 */
final class OutboxWriter {

    /** The CloudEvents {@code source} of every catalog event. */
    static final String EVENT_SOURCE = "/tributary/catalog";

    private static final ObjectMapper EVENT_JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Supplier<String> traceparent;

    /** @param traceparent the W3C trace context of the change being made, stored with its events; may answer null */
    OutboxWriter(Supplier<String> traceparent) {
        this.traceparent = traceparent;
    }

    void append(Connection connection, List<CatalogEvent> events) throws SQLException {
        if (events == null || events.isEmpty()) {
            return;
        }
        String trace = traceparent.get();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO catalog_outbox (event_id, topic, event_key, payload, traceparent) VALUES (?, ?, ?, ?::jsonb, ?)")) {
            for (CatalogEvent event : events) {
                CloudEvent cloudEvent = CloudEvent.of(
                        EVENT_SOURCE, event.type(), event.subject(), EVENT_JSON.valueToTree(event.data()));
                insert.setObject(1, UUID.fromString(cloudEvent.id()));
                insert.setString(2, Topics.CATALOG_EVENTS);
                insert.setString(3, event.subject());
                insert.setString(4, eventJson(cloudEvent));
                insert.setString(5, trace);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static String eventJson(CloudEvent event) {
        try {
            return EVENT_JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Catalog event cannot be written as JSON", e);
        }
    }
}
