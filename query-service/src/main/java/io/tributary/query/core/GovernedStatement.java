package io.tributary.query.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A statement ready to run: what it reads, each table's planned snapshot and governance's decision for the caller.
 */
public record GovernedStatement(
        Caller caller,
        StatementRequest request,
        Inspection inspection,
        Map<TableName, TablePlan> plans,
        Map<TableName, TableAccess> access) {

    public GovernedStatement {
        plans = Map.copyOf(plans);
        access = Map.copyOf(access);
    }

    /** A statement that goes to Trino as written: nothing inspected or planned here, Trino's access control governs. */
    public static GovernedStatement direct(Caller caller, StatementRequest request) {
        return new GovernedStatement(caller, request, new Inspection(Set.of(), Set.of(), false), Map.of(), Map.of());
    }

    /** {@code ns.table.column} for each masked column, with the policy that masks it. */
    public List<String> masksApplied() {
        List<String> masks = new ArrayList<>();
        access.values().stream()
                .sorted((a, b) -> a.table().compareTo(b.table()))
                .forEach(decision -> decision.columns().stream()
                        .filter(TableAccess.ColumnAccess::masked)
                        .forEach(column -> masks.add(decision.table() + "." + column.name()
                                + (column.policy() == null ? "" : " (" + column.policy() + ")"))));
        return masks;
    }

    /** The tables read through a row filter, each with the policies that shaped its decision. */
    public List<String> filtersApplied() {
        List<String> filters = new ArrayList<>();
        access.values().stream()
                .sorted((a, b) -> a.table().compareTo(b.table()))
                .filter(decision ->
                        decision.rowFilter() != null && !decision.rowFilter().isBlank())
                .forEach(decision -> filters.add(decision.table()
                        + (decision.policies().isEmpty() ? "" : " (" + String.join(", ", decision.policies()) + ")")));
        return filters;
    }

    public long plannedBytes() {
        return plans.values().stream().mapToLong(TablePlan::bytes).sum();
    }

    public int plannedFiles() {
        return plans.values().stream().mapToInt(plan -> plan.files().size()).sum();
    }
}
