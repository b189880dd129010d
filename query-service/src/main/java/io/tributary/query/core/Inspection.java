package io.tributary.query.core;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a statement reads, found in the engine's own parse tree.
 *
 * @param tables     the lake tables it names
 * @param columnRefs the column names it mentions (the last part of each reference), for the audit trail
 * @param star       whether it selects {@code *} somewhere, which reads every column the caller may see
 * @param predicates per table, comparisons its rows must pass (from a single-table statement's WHERE clause)
 */
public record Inspection(
        Set<TableName> tables, Set<String> columnRefs, boolean star, Map<TableName, List<ColumnPredicate>> predicates) {

    public Inspection {
        tables = Set.copyOf(tables);
        columnRefs = Set.copyOf(columnRefs);
        predicates = predicates == null ? Map.of() : Map.copyOf(predicates);
    }

    public Inspection(Set<TableName> tables, Set<String> columnRefs, boolean star) {
        this(tables, columnRefs, star, Map.of());
    }

    public List<ColumnPredicate> predicatesFor(TableName table) {
        return predicates.getOrDefault(table, List.of());
    }
}
