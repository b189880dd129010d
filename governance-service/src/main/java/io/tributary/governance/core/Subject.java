package io.tributary.governance.core;

import io.tributary.governance.core.expr.Bindings;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** A caller with every role it holds: its token's roles and, transitively, the governance roles it is a member of. */
public final class Subject {

    private final Identity identity;
    private final Set<String> roles;

    private Subject(Identity identity, Set<String> roles) {
        this.identity = identity;
        this.roles = Set.copyOf(roles);
    }

    public static Subject resolve(Identity identity, Collection<PolicyBody.Role> governanceRoles) {
        Set<String> roles = new HashSet<>(identity.roles());
        boolean grew = true;
        // Role membership may chain (role:a member of b); loops are refused when stored, and the bound stops any.
        for (int round = 0; grew && round <= governanceRoles.size(); round++) {
            grew = false;
            for (PolicyBody.Role role : governanceRoles) {
                if (!roles.contains(role.name())
                        && role.members().stream().anyMatch(m -> matches(identity, roles, m))) {
                    roles.add(role.name());
                    grew = true;
                }
            }
        }
        return new Subject(identity, roles);
    }

    private static boolean matches(Identity identity, Set<String> roles, PrincipalRef ref) {
        return switch (ref.kind()) {
            case USER -> ref.name().equals(identity.user());
            case CLIENT -> ref.name().equals(identity.client());
            case ROLE -> roles.contains(ref.name());
        };
    }

    public boolean matches(PrincipalRef ref) {
        return matches(identity, roles, ref);
    }

    public boolean matchesAny(Collection<PrincipalRef> refs) {
        for (PrincipalRef ref : refs) {
            if (matches(ref)) {
                return true;
            }
        }
        return false;
    }

    public Identity identity() {
        return identity;
    }

    public Set<String> roles() {
        return roles;
    }

    public String name() {
        return identity.user() != null ? identity.user() : identity.client();
    }

    public Bindings bindings() {
        return new Bindings(identity.user(), roles, identity.attributes());
    }
}
