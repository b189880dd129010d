package io.tributary.query.core;

import java.util.List;

/**
 * Governance's decision for one caller and one table.
 *
 * @param reason    why access is denied (null when allowed)
 * @param columns   the columns the caller may read, each plain or masked; a column not listed is hidden
 * @param rowFilter a boolean SQL expression over the table's columns, rendered for the engine; null for all rows
 * @param policies  the policies that shaped the decision (for stats and the audit trail)
 */
public record TableAccess(
        TableName table,
        boolean allowed,
        String reason,
        List<ColumnAccess> columns,
        String rowFilter,
        List<String> policies) {

    public TableAccess {
        columns = columns == null ? List.of() : List.copyOf(columns);
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    public static TableAccess denied(TableName table, String reason) {
        return new TableAccess(table, false, reason, List.of(), null, List.of());
    }

    /**
     * @param mask   a SQL expression over the table's columns that replaces the value, or null for the value itself
     * @param policy the policy that set the mask, or null
     */
    public record ColumnAccess(String name, String mask, String policy) {

        public static ColumnAccess plain(String name) {
            return new ColumnAccess(name, null, null);
        }

        public boolean masked() {
            return mask != null;
        }
    }
}
