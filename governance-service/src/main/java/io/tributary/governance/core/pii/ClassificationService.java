package io.tributary.governance.core.pii;

import io.tributary.governance.core.CatalogLookup;
import java.time.Clock;
import java.util.UUID;

/**
 * Decisions on PII proposals. Accepting puts the tag on the column in the catalog first and records the decision only
 * once that worked, so a proposal whose tag could not be applied stays {@code proposed}.
 */
public final class ClassificationService {

    private final ClassificationStore store;
    private final CatalogTags tags;
    private final CatalogLookup catalog;
    private final Clock clock;

    public ClassificationService(ClassificationStore store, CatalogTags tags, CatalogLookup catalog, Clock clock) {
        this.store = store;
        this.tags = tags;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * @throws ClassificationNotFoundException when there is no such proposal
     * @throws ClassificationConflictException when it was rejected, or its column is gone
     * @throws io.tributary.governance.core.CatalogUnavailableException when the tag could not be applied
     */
    public Classification accept(UUID id, String actor, String reason) {
        Classification current = store.find(id).orElseThrow(() -> new ClassificationNotFoundException(id));
        switch (current.status()) {
            case ACCEPTED -> {
                return current;
            }
            case REJECTED -> throw decidedOtherwise(current);
            case PROPOSED -> {}
        }
        if (tags.addTag(current.table(), current.column(), current.tag()) == CatalogTags.Result.NO_SUCH_COLUMN) {
            throw new ClassificationConflictException("Classification " + id + " cannot be accepted: " + current.table()
                    + " has no column " + current.column() + " any more.");
        }
        // Masks by tag follow at once instead of when the cached table expires.
        catalog.invalidate(current.table());
        return store.decide(id, Classification.Status.ACCEPTED, actor, reason, true, clock.instant());
    }

    /**
     * @throws ClassificationNotFoundException when there is no such proposal
     * @throws ClassificationConflictException when it was accepted
     */
    public Classification reject(UUID id, String actor, String reason) {
        Classification current = store.find(id).orElseThrow(() -> new ClassificationNotFoundException(id));
        if (current.status() == Classification.Status.REJECTED) {
            return current;
        }
        return store.decide(id, Classification.Status.REJECTED, actor, reason, false, clock.instant());
    }

    static ClassificationConflictException decidedOtherwise(Classification current) {
        return new ClassificationConflictException("Classification " + current.id() + " was already "
                + current.status().wireName() + " by " + current.decidedBy() + ".");
    }
}
