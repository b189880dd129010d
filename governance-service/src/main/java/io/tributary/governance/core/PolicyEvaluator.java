package io.tributary.governance.core;

import io.tributary.governance.core.expr.Bindings;
import io.tributary.governance.core.expr.Expr;
import io.tributary.governance.core.expr.ExprChecker;
import io.tributary.governance.core.expr.ExprException;
import io.tributary.governance.core.expr.ExprParser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides from a policy set, with no I/O: grants say whether, masks how each column reads, row filters which rows.
 *
 * <p>Mask precedence: a mask on the table's column beats a tag mask, a longer (more specific) tag beats a shorter
 * one, and among equals the older policy wins. A caller exempt from the winning mask reads the clear value, so a
 * steward narrows the privacy default by adding a more specific mask with other exemptions.
 */
public final class PolicyEvaluator {

    private static final int MAX_PARSED = 10_000;

    private final String hashSalt;
    /** Parsed row filters by text: parsing is pure, and a decision should not parse the same filter again. */
    private final Map<String, Expr> parsedFilters = new java.util.concurrent.ConcurrentHashMap<>();

    public PolicyEvaluator(String hashSalt) {
        this.hashSalt = hashSalt;
    }

    private Expr parseFilter(String text) {
        Expr parsed = parsedFilters.get(text);
        if (parsed == null) {
            parsed = ExprParser.parsePredicate(text);
            if (parsedFilters.size() >= MAX_PARSED) {
                parsedFilters.clear();
            }
            parsedFilters.put(text, parsed);
        }
        return parsed;
    }

    /**
     * @param requested the columns the caller wants; null or empty for every column
     */
    public TableDecision decide(
            PolicySet policies, Subject subject, Privilege privilege, TableInfo table, Collection<String> requested) {
        TableRef ref = table.ref();
        List<Policy.Source> grantSources = new ArrayList<>();
        boolean allColumns = false;
        Set<String> grantedColumns = new LinkedHashSet<>();
        for (Policy policy : policies.grants()) {
            PolicyBody.Grant grant = (PolicyBody.Grant) policy.body();
            if (grant.privilege().implies(privilege)
                    && grant.securable().covers(ref)
                    && subject.matches(grant.principal())) {
                grantSources.add(policy.source());
                if (grant.columns().isEmpty()) {
                    allColumns = true;
                } else {
                    grantedColumns.addAll(grant.columns());
                }
            }
        }
        if (grantSources.isEmpty()) {
            return TableDecision.deny(
                    ref, privilege, "no " + privilege + " grant on " + ref + " for " + subject.name());
        }
        if (privilege != Privilege.SELECT) {
            return new TableDecision(
                    ref, privilege, true, null, grantSources, table.columnNames(), Map.of(), null, List.of());
        }
        List<String> visible = new ArrayList<>();
        for (ColumnInfo column : table.columns()) {
            if (allColumns || grantedColumns.contains(column.name())) {
                visible.add(column.name());
            }
        }
        if (requested != null && !requested.isEmpty()) {
            List<String> refused =
                    requested.stream().filter(c -> !visible.contains(c)).toList();
            if (!refused.isEmpty()) {
                boolean unknown = refused.stream().anyMatch(c -> table.column(c).isEmpty());
                return TableDecision.deny(
                        ref,
                        privilege,
                        (unknown ? "no column(s) " : "no SELECT grant on column(s) ") + String.join(", ", refused)
                                + " of " + ref + (unknown ? "" : " for " + subject.name()));
            }
        }
        Bindings bindings = subject.bindings();
        Map<String, TableDecision.ColumnMask> masks = new LinkedHashMap<>();
        for (String name : visible) {
            ColumnInfo column = table.column(name).orElseThrow();
            Policy mask = winningMask(policies, ref, column);
            if (mask == null) {
                continue;
            }
            PolicyBody.Mask body = (PolicyBody.Mask) mask.body();
            if (subject.matchesAny(body.exempt())) {
                continue;
            }
            Expr expression;
            try {
                expression = Masks.expression(body, name, column.type(), table.columnNames(), hashSalt, bindings);
            } catch (ExprException e) {
                // The table changed under the policy (a column it names is gone): fail closed.
                return TableDecision.deny(
                        ref, privilege, "mask policy " + mask.id() + " no longer fits " + ref + ": " + e.describe());
            }
            masks.put(name, new TableDecision.ColumnMask(name, body.function(), expression, mask.source(), body));
        }
        Expr filter = null;
        List<Policy.Source> filterSources = new ArrayList<>();
        for (Policy policy : policies.rowFilters()) {
            PolicyBody.RowFilter body = (PolicyBody.RowFilter) policy.body();
            if (!body.table().equals(ref)
                    || subject.matchesAny(body.exempt())
                    || !body.appliesTo().isEmpty() && !subject.matchesAny(body.appliesTo())) {
                continue;
            }
            Expr predicate;
            try {
                predicate = bindings.bind(ExprChecker.check(parseFilter(body.predicate()), table.columnNames()), null);
            } catch (ExprException e) {
                return TableDecision.deny(
                        ref,
                        privilege,
                        "row filter policy " + policy.id() + " no longer fits " + ref + ": " + e.describe());
            }
            filter = filter == null ? predicate : new Expr.Binary("AND", filter, predicate, -1);
            filterSources.add(policy.source());
        }
        return new TableDecision(ref, privilege, true, null, grantSources, visible, masks, filter, filterSources);
    }

    /** Whether any grant of the privilege for this subject reaches into the namespace (for listing schemas). */
    public boolean reachesNamespace(PolicySet policies, Subject subject, Privilege privilege, String namespace) {
        for (Policy policy : policies.grants()) {
            PolicyBody.Grant grant = (PolicyBody.Grant) policy.body();
            if (grant.privilege().implies(privilege)
                    && grant.securable().touches(namespace)
                    && subject.matches(grant.principal())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the subject holds the privilege on the securable itself or something above it. */
    public boolean holds(PolicySet policies, Subject subject, Privilege privilege, Securable target) {
        for (Policy policy : policies.grants()) {
            PolicyBody.Grant grant = (PolicyBody.Grant) policy.body();
            if (!grant.privilege().implies(privilege)
                    || !subject.matches(grant.principal())
                    || !grant.columns().isEmpty()) {
                continue;
            }
            if (grant.securable().includes(target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the subject holds the privilege on an object of a federated Trino catalog: by a grant naming its
     * catalog, schema or table, or by MANAGE on {@code *}. Lesser grants on {@code *} mean the lake only, so reading
     * another system's data always takes a grant that names it.
     *
     * @param schema null for the catalog itself
     * @param table  null for the catalog or schema itself
     */
    public boolean holdsFederated(
            PolicySet policies, Subject subject, Privilege privilege, String catalog, String schema, String table) {
        for (Policy policy : policies.grants()) {
            PolicyBody.Grant grant = (PolicyBody.Grant) policy.body();
            if (!grant.privilege().implies(privilege)
                    || !subject.matches(grant.principal())
                    || !grant.columns().isEmpty()) {
                continue;
            }
            Securable s = grant.securable();
            if (s.isAll() ? grant.privilege() == Privilege.MANAGE : s.coversFederated(catalog, schema, table)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any grant for the subject reaches into the federated catalog (or its schema, when given). */
    public boolean reachesFederated(PolicySet policies, Subject subject, String catalog, String schema) {
        for (Policy policy : policies.grants()) {
            PolicyBody.Grant grant = (PolicyBody.Grant) policy.body();
            if (grant.privilege() == Privilege.IMPERSONATE || !subject.matches(grant.principal())) {
                continue;
            }
            Securable s = grant.securable();
            if (s.isAll() ? grant.privilege() == Privilege.MANAGE : s.reachesFederated(catalog, schema)) {
                return true;
            }
        }
        return false;
    }

    static Policy winningMask(PolicySet policies, TableRef ref, ColumnInfo column) {
        Policy best = null;
        int bestRank = -1;
        for (Policy policy : policies.masks()) {
            PolicyBody.Mask mask = (PolicyBody.Mask) policy.body();
            int rank;
            if (mask.tag() == null) {
                rank = ref.equals(mask.table()) && column.name().equals(mask.column()) ? Integer.MAX_VALUE : -1;
            } else {
                rank = -1;
                for (String tag : column.tags()) {
                    if (tag.equals(mask.tag()) || tag.startsWith(mask.tag() + ".")) {
                        rank = Math.max(rank, mask.tag().length());
                    }
                }
            }
            if (rank > bestRank) {
                best = policy;
                bestRank = rank;
            }
        }
        return best;
    }
}
