package io.tributary.governance.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every current policy at one revision of the policy store, sorted by kind: what decisions are made from. Immutable,
 * so a decision never sees half of a change.
 *
 * @param revision the store's change counter this set reflects
 */
public record PolicySet(
        long revision,
        List<Policy> policies,
        List<Policy> grants,
        List<Policy> masks,
        List<Policy> rowFilters,
        List<PolicyBody.Role> roles) {

    public static final PolicySet EMPTY = of(0, List.of());

    public static PolicySet of(long revision, List<Policy> policies) {
        List<Policy> sorted = new ArrayList<>(policies);
        // Oldest first, so that among equally specific masks the older one wins, whatever order the store answers in.
        sorted.sort(Comparator.comparing((Policy p) -> p.changedAt() == null ? java.time.Instant.EPOCH : p.changedAt())
                .thenComparing(Policy::id));
        List<Policy> grants = new ArrayList<>();
        List<Policy> masks = new ArrayList<>();
        List<Policy> filters = new ArrayList<>();
        List<PolicyBody.Role> roles = new ArrayList<>();
        for (Policy p : sorted) {
            switch (p.kind()) {
                case GRANT -> grants.add(p);
                case MASK -> masks.add(p);
                case ROW_FILTER -> filters.add(p);
                case ROLE -> roles.add((PolicyBody.Role) p.body());
            }
        }
        return new PolicySet(
                revision,
                List.copyOf(sorted),
                List.copyOf(grants),
                List.copyOf(masks),
                List.copyOf(filters),
                List.copyOf(roles));
    }

    public Subject subject(Identity identity) {
        return Subject.resolve(identity, roles);
    }
}
