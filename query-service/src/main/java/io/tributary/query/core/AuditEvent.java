package io.tributary.query.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One audited statement (or batch of checks): who ran what over which tables and columns, how governance shaped it,
 * and how it ended.
 *
 * @param action   {@value #ACTION} for a statement, {@value CheckRunner#ACTION} for a batch of checks
 * @param sqlHash  the SHA-256 of the SQL text, hex, so that statements can be grouped without reading them
 * @param columns  {@code ns.table.column} for every column the statement could read
 * @param outcome  {@code succeeded}, {@code failed}, {@code denied}, {@code refused}, {@code cancelled} or
 *                 {@code timed-out}
 * @param reason   why it did not succeed, or null
 * @param details  further facts of the action (a batch of checks: its snapshot and query count), in order
 */
public record AuditEvent(
        String action,
        String statementId,
        String principal,
        String sql,
        String sqlHash,
        List<String> tables,
        List<String> columns,
        List<String> masks,
        List<String> filters,
        String engine,
        long rows,
        long bytes,
        long durationMs,
        String outcome,
        String reason,
        Instant time,
        Map<String, Object> details) {

    public static final String ACTION = "query.statement.run";

    public AuditEvent {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
