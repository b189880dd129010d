package io.tributary.governance.core.quality;

import io.tributary.governance.core.TableRef;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where quality rules are kept; every write is audited in the same transaction. */
public interface QualityRuleStore {

    /** @throws QualityRuleConflictException when the table already has a rule of that name */
    QualityRule create(QualityRule.Draft draft, String actor);

    Optional<QualityRule> find(UUID id);

    /** Every rule, or a table's, ordered by table and name. */
    List<QualityRule> list(Optional<TableRef> table);

    /**
     * The next version of the rule; {@code draft.expectedVersion()}, when given, must be the current one.
     *
     * @throws QualityRuleNotFoundException when there is no such rule
     * @throws QualityRuleConflictException on a stale version or a name the table already uses
     */
    QualityRule update(UUID id, QualityRule.Draft draft, String actor);

    /** @throws QualityRuleNotFoundException when there is no such rule */
    void delete(UUID id, Integer expectedVersion, String actor);
}
