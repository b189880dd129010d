package io.tributary.query.core;

import java.time.Duration;
import java.util.Objects;

/**
 * One statement as asked for.
 *
 * @param maxRows the caller's own cap on the result's rows (the result is cut there and says so); null for the
 *                service's limit
 * @param timeout the caller's statement timeout; null for the service's default
 */
public record StatementRequest(String sql, EngineKind engine, AsOf asOf, Long maxRows, Duration timeout) {

    public StatementRequest {
        Objects.requireNonNull(sql, "sql");
        engine = engine == null ? EngineKind.AUTO : engine;
        asOf = asOf == null ? AsOf.CURRENT : asOf;
    }
}
