package io.tributary.query.testing;

import io.tributary.query.core.AuditEvent;
import io.tributary.query.core.AuditSink;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps audit events in memory so tests can read what would have gone to Kafka. */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingAuditSink implements AuditSink {

    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        events.add(event);
    }

    public List<AuditEvent> events() {
        return List.copyOf(events);
    }
}
