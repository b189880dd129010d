package io.tributary.governance.core;

import java.util.List;

/** What a policy says; one record per {@link PolicyKind}. */
public sealed interface PolicyBody {

    PolicyKind kind();

    /**
     * @param columns null or empty for every column of the securable; only with a table securable
     */
    record Grant(PrincipalRef principal, Privilege privilege, Securable securable, List<String> columns)
            implements PolicyBody {
        public Grant {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }

        @Override
        public PolicyKind kind() {
            return PolicyKind.GRANT;
        }
    }

    /**
     * A column mask, on one column of one table or on every column carrying a tag ({@code pii} also matches
     * {@code pii.email}).
     *
     * @param table      with {@code column}: the table; null for a tag mask
     * @param column     with {@code table}: the column; null for a tag mask
     * @param tag        the column tag; null for a column mask
     * @param keepFirst  partial: characters kept at the start
     * @param keepLast   partial: characters kept at the end
     * @param keepDomain partial: keep an e-mail's domain
     * @param unit       truncate-date: {@code year} or {@code month}
     * @param expression expression: the mask in the policy language
     * @param exempt     principals that see clear values
     */
    record Mask(
            TableRef table,
            String column,
            String tag,
            MaskFunction function,
            Integer keepFirst,
            Integer keepLast,
            boolean keepDomain,
            String unit,
            String expression,
            List<PrincipalRef> exempt)
            implements PolicyBody {
        public Mask {
            exempt = exempt == null ? List.of() : List.copyOf(exempt);
        }

        @Override
        public PolicyKind kind() {
            return PolicyKind.MASK;
        }

        public boolean byTag() {
            return tag != null;
        }
    }

    /**
     * @param appliesTo whom the filter applies to; empty for everyone
     * @param exempt    principals that see every row
     */
    record RowFilter(TableRef table, String predicate, List<PrincipalRef> appliesTo, List<PrincipalRef> exempt)
            implements PolicyBody {
        public RowFilter {
            appliesTo = appliesTo == null ? List.of() : List.copyOf(appliesTo);
            exempt = exempt == null ? List.of() : List.copyOf(exempt);
        }

        @Override
        public PolicyKind kind() {
            return PolicyKind.ROW_FILTER;
        }
    }

    /** A governance role: whoever matches one of {@code members} holds role {@code name}. */
    record Role(String name, List<PrincipalRef> members) implements PolicyBody {
        public Role {
            members = members == null ? List.of() : List.copyOf(members);
        }

        @Override
        public PolicyKind kind() {
            return PolicyKind.ROLE;
        }
    }
}
