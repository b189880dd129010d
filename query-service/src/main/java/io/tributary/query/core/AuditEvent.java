package io.tributary.query.core;

import java.time.Instant;
import java.util.List;

/**
 * One audited statement: who ran what over which tables and columns, how governance shaped it, and how it ended.
 *
 * @param sqlHash  the SHA-256 of the SQL text, hex, so that statements can be grouped without reading them
 * @param columns  {@code ns.table.column} for every column the statement could read
 * @param outcome  {@code succeeded}, {@code failed}, {@code denied}, {@code refused}, {@code cancelled} or
 *                 {@code timed-out}
 * @param reason   why it did not succeed, or null
 */
public record AuditEvent(
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
        Instant time) {

    public static final String ACTION = "query.statement.run";
}
