package io.tributary.query.core;

/** Where audit events go. {@link #record} returns at once and never throws; the sink counts and logs its failures. */
public interface AuditSink {

    void record(AuditEvent event);

    AuditSink NONE = event -> {};
}
