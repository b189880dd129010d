package io.tributary.query.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a request into a {@link GovernedStatement}: parse with the engine's parser, inspect, plan each table as the
 * caller, then ask governance. Nothing runs until every table is planned and allowed.
 */
public final class StatementPlanner {

    private final SqlParser parser;
    private final SqlInspector inspector;
    private final TablePlanner planner;
    private final DecisionSource decisions;

    public StatementPlanner(SqlParser parser, SqlInspector inspector, TablePlanner planner, DecisionSource decisions) {
        this.parser = parser;
        this.inspector = inspector;
        this.planner = planner;
        this.decisions = decisions;
    }

    /** Parses and inspects only: what the statement reads, or why it may not run. Cheap, so done before admission. */
    public Inspection inspect(StatementRequest request) {
        JsonNode tree = parser.parse(request.sql());
        return inspector.inspect(tree);
    }

    /** Only predicates on columns the caller reads in the clear: a masked column's predicate is about the mask. */
    private static List<ColumnPredicate> prunable(List<ColumnPredicate> predicates, TableAccess access) {
        if (access == null) {
            return List.of();
        }
        Set<String> clear = new HashSet<>();
        access.columns().stream()
                .filter(column -> !column.masked())
                .forEach(column -> clear.add(column.name().toLowerCase(Locale.ROOT)));
        return predicates.stream()
                .filter(predicate -> clear.contains(predicate.column()))
                .toList();
    }

    public GovernedStatement prepare(Caller caller, StatementRequest request, EngineKind engine) {
        Inspection inspection = inspect(request);
        for (TableName table : request.asOf().perTable().keySet()) {
            if (!inspection.tables().contains(table)) {
                throw new QueryException(
                        QueryException.Reason.INVALID_REQUEST,
                        "as-of names " + table + ", which the statement does not read.");
            }
        }
        List<DecisionSource.TableColumns> asked = new ArrayList<>();
        for (TableName table : inspection.tables()) {
            asked.add(new DecisionSource.TableColumns(
                    table,
                    planner
                            .columns(
                                    caller,
                                    table,
                                    request.asOf().pointFor(table).orElse(null))
                            .stream()
                            .map(TablePlan.PlanColumn::name)
                            .toList()));
        }
        Map<TableName, TableAccess> access = Map.of();
        if (!asked.isEmpty()) {
            access = decisions.decide(caller, engine.id(), asked);
            for (TableName table : inspection.tables()) {
                TableAccess decision = access.get(table);
                if (decision == null || !decision.allowed()) {
                    throw new QueryException(
                            QueryException.Reason.ACCESS_DENIED,
                            "Reading " + table
                                    + " is not allowed"
                                    + (decision == null || decision.reason() == null ? "." : ": " + decision.reason()));
                }
            }
        }
        Map<TableName, TablePlan> plans = new LinkedHashMap<>();
        for (TableName table : inspection.tables()) {
            plans.put(
                    table,
                    planner.plan(
                            caller,
                            table,
                            request.asOf().pointFor(table).orElse(null),
                            prunable(inspection.predicatesFor(table), access.get(table))));
        }
        return new GovernedStatement(caller, request, inspection, plans, access);
    }
}
