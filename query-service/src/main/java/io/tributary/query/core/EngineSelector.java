package io.tributary.query.core;

import java.util.Map;
import java.util.Optional;

/**
 * Picks the engine for a statement: the one the request names, else the service's configured one; under
 * {@code auto}, the embedded engine unless the statement needs what only Trino does exactly (a snapshot the embedded
 * engine cannot read, more planned bytes than the threshold) and Trino is configured.
 */
public final class EngineSelector {

    private final Map<EngineKind, QueryEngine> engines;
    private final EngineKind configured;
    private final long autoTrinoBytes;

    /**
     * @param configured     the service's engine ({@code tributary.query.engine}) for requests that say auto
     * @param autoTrinoBytes under auto, statements planning more bytes than this go to Trino when it is configured
     */
    public EngineSelector(Map<EngineKind, QueryEngine> engines, EngineKind configured, long autoTrinoBytes) {
        this.engines = Map.copyOf(engines);
        this.configured = configured;
        this.autoTrinoBytes = autoTrinoBytes;
    }

    /** The engine named before planning, which governance renders its expressions for. */
    public record Choice(EngineKind kind) {}

    public Choice preliminary(StatementRequest request) {
        EngineKind wanted = wanted(request);
        if (wanted == EngineKind.TRINO && !engines.containsKey(EngineKind.TRINO)) {
            throw new QueryException(
                    QueryException.Reason.UNSUPPORTED,
                    "The Trino engine is not configured here;" + " use engine duckdb or auto.");
        }
        return new Choice(wanted == EngineKind.AUTO ? EngineKind.DUCKDB : wanted);
    }

    public QueryEngine choose(StatementRequest request, GovernedStatement statement) {
        EngineKind wanted = wanted(request);
        Optional<String> unreadable = statement.plans().values().stream()
                .filter(plan -> plan.unsupported() != null)
                .map(plan -> plan.table() + ": " + plan.unsupported())
                .findFirst();
        Optional<QueryEngine> trino = Optional.ofNullable(engines.get(EngineKind.TRINO));
        if (wanted == EngineKind.TRINO) {
            return trino.orElseThrow();
        }
        if (wanted == EngineKind.AUTO
                && trino.isPresent()
                && (unreadable.isPresent() || statement.plannedBytes() > autoTrinoBytes)) {
            return trino.get();
        }
        if (unreadable.isPresent()) {
            throw new QueryException(
                    QueryException.Reason.UNSUPPORTED,
                    "DuckDB cannot read this statement exactly ("
                            + unreadable.get() + ")"
                            + (wanted == EngineKind.AUTO
                                    ? " and no Trino engine is configured."
                                    : "; run it with engine trino."));
        }
        QueryEngine duckdb = engines.get(EngineKind.DUCKDB);
        if (duckdb == null) {
            throw new QueryException(QueryException.Reason.UNSUPPORTED, "No engine can run this statement.");
        }
        return duckdb;
    }

    private EngineKind wanted(StatementRequest request) {
        return request.engine() == EngineKind.AUTO ? configured : request.engine();
    }
}
