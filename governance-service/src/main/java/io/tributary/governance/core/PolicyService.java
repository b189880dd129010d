package io.tributary.governance.core;

import java.util.UUID;
import java.util.function.Consumer;

/** Policy changes: checked against the catalog and the other policies, then stored; the cache is told at once. */
public final class PolicyService {

    private final PolicyStore store;
    private final PolicyValidator validator;
    private final PolicyCache cache;

    public PolicyService(PolicyStore store, PolicyValidator validator, PolicyCache cache) {
        this.store = store;
        this.validator = validator;
        this.cache = cache;
    }

    public Policy create(PolicyCodec.Draft draft, String actor) {
        validator.validate(null, draft.body(), cache.current().policies());
        Policy created = store.create(draft.body(), draft.description(), draft.reason(), actor);
        cache.refresh();
        return created;
    }

    public Policy update(UUID id, PolicyCodec.Draft draft, String actor) {
        Policy current = store.find(id).orElseThrow(() -> new PolicyNotFoundException(id));
        if (current.kind() != draft.body().kind()) {
            throw new InvalidPolicyException(
                    "A policy keeps its kind.",
                    java.util.List.of(new PolicyViolation(
                            "/kind",
                            "is " + current.kind().wireName() + " and cannot change; create a new policy instead")),
                    true);
        }
        validator.validate(id, draft.body(), cache.current().policies());
        Policy updated =
                store.update(id, draft.expectedVersion(), draft.body(), draft.description(), draft.reason(), actor);
        cache.refresh();
        return updated;
    }

    public void delete(UUID id, Integer expectedVersion, String reason, String actor) {
        store.delete(id, expectedVersion, reason, actor);
        cache.refresh();
    }

    /** The in-memory policy set decisions are made from. */
    public interface PolicyCache {
        PolicySet current();

        /** Reloads from the store now. */
        void refresh();
    }

    /** A cache for tests and tools: always reloads from the store. */
    public static PolicyCache direct(PolicyStore store, Consumer<PolicySet> listener) {
        return new PolicyCache() {
            private volatile PolicySet current = store.load();

            @Override
            public PolicySet current() {
                return current;
            }

            @Override
            public void refresh() {
                current = store.load();
                listener.accept(current);
            }
        };
    }
}
