package io.tributary.query.core;

import java.util.Map;
import java.util.Optional;

/**
 * Picks the engine for a statement: the one the request names, else the service's configured one; under
 * {@code auto}, the embedded engine unless the statement needs what only Trino does exactly (a write or DDL, a
 * snapshot the embedded engine cannot read, more planned bytes than the threshold) and Trino is configured. A
 * statement for Trino by name goes there as written: Trino's own access control (governance's OPA contract) governs
 * it.
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

    /** Whether the statement goes to Trino as written, never inspected or planned here: engine {@code trino}. */
    public boolean direct(StatementRequest request) {
        return wanted(request) == EngineKind.TRINO && engines.containsKey(EngineKind.TRINO);
    }

    /**
     * Whether a statement the embedded engine's parser refuses as not a SELECT (CTAS, INSERT, MERGE, DELETE, UPDATE,
     * DDL) goes to Trino as written: under {@code auto} once Trino is configured. Under {@code duckdb} it stays refused.
     */
    public boolean nonSelectGoesToTrino(StatementRequest request) {
        return wanted(request) == EngineKind.AUTO && engines.containsKey(EngineKind.TRINO);
    }

    /** The Trino engine, for a statement that {@link #direct} or {@link #nonSelectGoesToTrino} sent there. */
    public QueryEngine trino() {
        QueryEngine trino = engines.get(EngineKind.TRINO);
        if (trino == null) {
            throw new QueryException(
                    QueryException.Reason.UNSUPPORTED,
                    "The Trino engine is not configured here;" + " use engine duckdb or auto.");
        }
        return trino;
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
