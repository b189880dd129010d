package io.tributary.query.core;

import java.util.List;
import java.util.Map;

/**
 * What a statement did, as its answer and the audit trail report it.
 *
 * @param snapshots     the snapshot id read per table ({@code ns.table})
 * @param truncated     whether the result was cut at the request's {@code max-rows}
 */
public record StatementStats(
        String engine,
        Map<String, Long> snapshots,
        int files,
        long bytes,
        long rows,
        long elapsedMs,
        List<String> masks,
        List<String> filters,
        boolean truncated) {}
