package io.tributary.governance.core;

import io.tributary.governance.core.expr.Expr;
import java.util.List;
import java.util.Map;

/**
 * What one caller may do with one table: allowed or not (and why not), the columns it may read, the expression that
 * replaces each masked column, and the row filter, each with the policy versions that produced it.
 *
 * @param columns   the columns the caller may read, in table order (empty when denied)
 * @param masks     by column name; columns without a mask are read in the clear
 * @param rowFilter the combined row filter, or null for every row
 * @param producers the entries of the table's ingest contract {@code producers} that admit the caller (INSERT only),
 *                  shown apart from policy grants because they are no policy
 */
public record TableDecision(
        TableRef table,
        Privilege privilege,
        boolean allowed,
        String reason,
        List<Policy.Source> grants,
        List<String> columns,
        Map<String, ColumnMask> masks,
        Expr rowFilter,
        List<Policy.Source> rowFilterSources,
        List<String> producers) {

    public TableDecision {
        producers = producers == null ? List.of() : List.copyOf(producers);
    }

    /** A decision no contract producer took part in. */
    public TableDecision(
            TableRef table,
            Privilege privilege,
            boolean allowed,
            String reason,
            List<Policy.Source> grants,
            List<String> columns,
            Map<String, ColumnMask> masks,
            Expr rowFilter,
            List<Policy.Source> rowFilterSources) {
        this(table, privilege, allowed, reason, grants, columns, masks, rowFilter, rowFilterSources, List.of());
    }

    /** @param expression the mask, bound to the caller and referencing the column itself */
    public record ColumnMask(
            String column, MaskFunction function, Expr expression, Policy.Source source, PolicyBody.Mask policy) {}

    public static TableDecision deny(TableRef table, Privilege privilege, String reason) {
        return new TableDecision(table, privilege, false, reason, List.of(), List.of(), Map.of(), null, List.of());
    }
}
