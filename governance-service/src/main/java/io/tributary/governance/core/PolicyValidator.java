package io.tributary.governance.core;

import io.tributary.governance.core.expr.ExprChecker;
import io.tributary.governance.core.expr.ExprException;
import io.tributary.governance.core.expr.ExprParser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks that a well-formed policy makes sense: its table and columns exist in the catalog, its expressions parse and
 * use only allowed functions and existing columns, its options fit its mask function, and its role creates no loop.
 */
public final class PolicyValidator {

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    private final CatalogLookup catalog;
    private final Set<String> federatedCatalogs;

    public PolicyValidator(CatalogLookup catalog) {
        this(catalog, Set.of());
    }

    /** @param federatedCatalogs the Trino catalogs besides the lake a grant may name */
    public PolicyValidator(CatalogLookup catalog, Set<String> federatedCatalogs) {
        this.catalog = catalog;
        this.federatedCatalogs = Set.copyOf(federatedCatalogs);
    }

    /**
     * @param id       the policy's id (null when new), so that a role replacing its own earlier version is no loop
     * @param existing every current policy
     * @throws InvalidPolicyException with every fault found
     */
    public void validate(UUID id, PolicyBody body, Collection<Policy> existing) {
        List<PolicyViolation> faults = new ArrayList<>();
        if (body instanceof PolicyBody.Grant g) {
            grant(g, faults);
        } else if (body instanceof PolicyBody.Mask m) {
            mask(m, faults);
        } else if (body instanceof PolicyBody.RowFilter f) {
            rowFilter(f, faults);
        } else if (body instanceof PolicyBody.Role r) {
            role(id, r, existing, faults);
        }
        if (!faults.isEmpty()) {
            throw new InvalidPolicyException("The policy cannot be applied.", faults, true);
        }
    }

    private void grant(PolicyBody.Grant g, List<PolicyViolation> faults) {
        if (g.privilege() == Privilege.IMPERSONATE && !g.securable().isAll()) {
            faults.add(new PolicyViolation("/securable", "an IMPERSONATE grant is on * (any user)"));
            return;
        }
        if (g.securable().isFederated()) {
            if (!federatedCatalogs.contains(g.securable().catalog())) {
                faults.add(new PolicyViolation(
                        "/securable",
                        "no Trino catalog '" + g.securable().catalog() + "' is configured"
                                + (federatedCatalogs.isEmpty()
                                        ? ""
                                        : " (federated catalogs: "
                                                + String.join(", ", new TreeSet<>(federatedCatalogs))
                                                + ")")));
            } else if (!g.columns().isEmpty()) {
                faults.add(new PolicyViolation("/columns", "columns narrow only a SELECT grant on one lake table"));
            }
            return;
        }
        if (!g.columns().isEmpty() && (!g.securable().isTable() || g.privilege() != Privilege.SELECT)) {
            faults.add(new PolicyViolation("/columns", "columns narrow only a SELECT grant on one table"));
            return;
        }
        if (g.securable().isTable()) {
            TableRef ref = new TableRef(g.securable().namespace(), g.securable().table());
            Optional<TableInfo> table = catalog.table(ref);
            if (table.isEmpty()) {
                faults.add(new PolicyViolation("/securable", "no table " + ref + " in the catalog"));
                return;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < g.columns().size(); i++) {
                String column = g.columns().get(i);
                if (table.get().column(column).isEmpty()) {
                    faults.add(new PolicyViolation("/columns/" + i, "no column '" + column + "' in " + ref));
                } else if (!seen.add(column)) {
                    faults.add(new PolicyViolation("/columns/" + i, "column '" + column + "' is listed twice"));
                }
            }
        }
    }

    private void mask(PolicyBody.Mask m, List<PolicyViolation> faults) {
        boolean byColumn = m.table() != null || m.column() != null;
        if (byColumn == (m.tag() != null)) {
            faults.add(new PolicyViolation(
                    m.tag() != null ? "/tag" : "/column",
                    "a mask targets either a table and column or a tag, not both and not neither"));
            return;
        }
        TableInfo table = null;
        ColumnInfo column = null;
        if (byColumn) {
            if (m.table() == null || m.column() == null) {
                faults.add(new PolicyViolation(
                        m.table() == null ? "/table" : "/column", "is required with a column mask"));
                return;
            }
            table = catalog.table(m.table()).orElse(null);
            if (table == null) {
                faults.add(new PolicyViolation("/table", "no table " + m.table() + " in the catalog"));
                return;
            }
            column = table.column(m.column()).orElse(null);
            if (column == null) {
                faults.add(new PolicyViolation("/column", "no column '" + m.column() + "' in " + m.table()));
                return;
            }
        } else if (!TAG.matcher(m.tag()).matches()) {
            faults.add(new PolicyViolation(
                    "/tag", "a tag matches [A-Za-z0-9][A-Za-z0-9_.:-]* and is at most 64 characters"));
            return;
        }
        int partialOptions =
                (m.keepFirst() != null ? 1 : 0) + (m.keepLast() != null ? 1 : 0) + (m.keepDomain() ? 1 : 0);
        if (m.function() != MaskFunction.PARTIAL && partialOptions > 0) {
            faults.add(new PolicyViolation(
                    m.keepFirst() != null ? "/keep-first" : m.keepLast() != null ? "/keep-last" : "/keep-domain",
                    "only a partial mask keeps characters"));
        }
        if (m.function() != MaskFunction.TRUNCATE_DATE && m.unit() != null) {
            faults.add(new PolicyViolation("/unit", "only a truncate-date mask has a unit"));
        }
        if (m.function() != MaskFunction.EXPRESSION && m.expression() != null) {
            faults.add(new PolicyViolation("/expression", "only an expression mask has an expression"));
        }
        switch (m.function()) {
            case PARTIAL -> {
                if (partialOptions != 1) {
                    faults.add(new PolicyViolation(
                            "/function", "a partial mask needs exactly one of keep-first, keep-last, keep-domain"));
                }
                if (column != null && !column.type().isString()) {
                    faults.add(new PolicyViolation(
                            "/column", "a partial mask needs a string column; '" + column.name() + "' is not one"));
                }
            }
            case TRUNCATE_DATE -> {
                if (!"year".equals(m.unit()) && !"month".equals(m.unit())) {
                    faults.add(new PolicyViolation("/unit", "must be year or month"));
                }
                if (column != null && !column.type().isTemporal()) {
                    faults.add(new PolicyViolation(
                            "/column",
                            "a truncate-date mask needs a date or timestamp column; '" + column.name()
                                    + "' is not one"));
                }
            }
            case EXPRESSION -> {
                if (m.expression() == null || m.expression().isBlank()) {
                    faults.add(new PolicyViolation("/expression", "is required with function expression"));
                } else {
                    // A tag mask applies to columns of many tables: it may use only 'value' and identity references.
                    expression(
                            "/expression",
                            m.expression(),
                            true,
                            table == null ? List.of() : table.columnNames(),
                            faults);
                }
            }
            default -> {}
        }
    }

    private void rowFilter(PolicyBody.RowFilter f, List<PolicyViolation> faults) {
        Optional<TableInfo> table = catalog.table(f.table());
        if (table.isEmpty()) {
            faults.add(new PolicyViolation("/table", "no table " + f.table() + " in the catalog"));
            return;
        }
        expression("/predicate", f.predicate(), false, table.get().columnNames(), faults);
    }

    private static void expression(
            String pointer, String text, boolean mask, List<String> columns, List<PolicyViolation> faults) {
        try {
            ExprChecker.check(mask ? ExprParser.parseMask(text) : ExprParser.parsePredicate(text), columns);
        } catch (ExprException e) {
            faults.add(new PolicyViolation(pointer, e.describe()));
        }
    }

    private static void role(UUID id, PolicyBody.Role role, Collection<Policy> existing, List<PolicyViolation> faults) {
        Map<String, Set<String>> memberRoles = new HashMap<>();
        for (Policy policy : existing) {
            if (policy.body() instanceof PolicyBody.Role other && !policy.id().equals(id)) {
                memberRoles.computeIfAbsent(other.name(), k -> new HashSet<>()).addAll(roleMembers(other));
            }
        }
        memberRoles.computeIfAbsent(role.name(), k -> new HashSet<>()).addAll(roleMembers(role));
        for (int i = 0; i < role.members().size(); i++) {
            PrincipalRef member = role.members().get(i);
            if (member.kind() == PrincipalRef.Kind.ROLE) {
                List<String> path = pathTo(member.name(), role.name(), memberRoles, new HashSet<>());
                if (path != null) {
                    faults.add(new PolicyViolation(
                            "/members/" + i,
                            "makes a loop of roles: " + role.name() + " <- " + String.join(" <- ", path)));
                }
            }
        }
    }

    private static Set<String> roleMembers(PolicyBody.Role role) {
        Set<String> out = new HashSet<>();
        role.members().stream().filter(m -> m.kind() == PrincipalRef.Kind.ROLE).forEach(m -> out.add(m.name()));
        return out;
    }

    /** A chain of membership from {@code from} back to {@code target}, or null. */
    private static List<String> pathTo(
            String from, String target, Map<String, Set<String>> memberRoles, Set<String> seen) {
        if (from.equals(target)) {
            return new ArrayList<>(List.of(from));
        }
        if (!seen.add(from)) {
            return null;
        }
        for (String next : memberRoles.getOrDefault(from, Set.of())) {
            List<String> rest = pathTo(next, target, memberRoles, seen);
            if (rest != null) {
                rest.add(0, from);
                return rest;
            }
        }
        return null;
    }
}
