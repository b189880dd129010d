package io.tributary.query.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.query.core.AuditEvent;
import io.tributary.query.core.AuditSink;
import java.time.Duration;

/**
 * Counts statements as they are audited, then passes each event on: {@code tributary_query_statements_total{engine,
 * outcome}}, {@code tributary_query_statement_duration_seconds{engine}} and
 * {@code tributary_query_result_rows{engine}}.
 */
public final class StatementMetrics implements AuditSink {

    private final AuditSink next;
    private final MeterRegistry registry;

    public StatementMetrics(AuditSink next, MeterRegistry registry) {
        this.next = next;
        this.registry = registry;
    }

    @Override
    public void record(AuditEvent event) {
        String engine = event.engine() == null ? "none" : event.engine();
        registry.counter("tributary.query.statements", "engine", engine, "outcome", event.outcome())
                .increment();
        if (event.engine() != null) {
            Timer.builder("tributary.query.statement.duration")
                    .tag("engine", engine)
                    .register(registry)
                    .record(Duration.ofMillis(event.durationMs()));
            DistributionSummary.builder("tributary.query.result.rows")
                    .tag("engine", engine)
                    .register(registry)
                    .record(event.rows());
        }
        next.record(event);
    }
}
