package io.tributary.ingest.core;

/**
 * Where audit events go. {@link #record} must return at once and never throw: an audit outage is counted and logged
 * by the implementation, and never costs a producer its receipt.
 */
public interface AuditSink {

    void record(AuditEvent event);

    AuditSink NONE = event -> {};
}
