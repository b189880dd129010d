package io.tributary.governance.core.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.governance.core.TableRef;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Quality rule changes: read and checked against the catalog, then stored. A {@code block} rule puts its table under
 * write-audit-publish first: from then on the table's writer lands records on the audit branch and only snapshots
 * that pass reach {@code main}.
 */
public final class QualityRuleService {

    private final QualityRuleStore store;
    private final QualityRuleValidator validator;
    private final TableBranches branches;
    private final String auditBranch;
    private final Consumer<TableRef> rulesChanged;

    /**
     * @param branches     null when blocking rules only report (write-audit-publish switched off)
     * @param rulesChanged told of a table whose rule was changed or removed, after the change is stored (the
     *                     snapshots a blocking rule kept off main are checked again)
     */
    public QualityRuleService(
            QualityRuleStore store,
            QualityRuleValidator validator,
            TableBranches branches,
            String auditBranch,
            Consumer<TableRef> rulesChanged) {
        this.store = store;
        this.validator = validator;
        this.branches = branches;
        this.auditBranch = auditBranch;
        this.rulesChanged = rulesChanged;
    }

    public QualityRuleService(QualityRuleStore store, QualityRuleValidator validator) {
        this(store, validator, null, null, table -> {});
    }

    public QualityRule create(JsonNode body, String actor) {
        QualityRule.Draft draft = validator.read(body);
        audit(draft);
        return store.create(draft, actor);
    }

    public QualityRule update(UUID id, JsonNode body, String actor) {
        QualityRule before = store.find(id).orElseThrow(() -> new QualityRuleNotFoundException(id));
        QualityRule.Draft draft = validator.read(body);
        audit(draft);
        QualityRule updated = store.update(id, draft, actor);
        rulesChanged.accept(before.table());
        if (!updated.table().equals(before.table())) {
            rulesChanged.accept(updated.table());
        }
        return updated;
    }

    public void delete(UUID id, Integer expectedVersion, String actor) {
        QualityRule before = store.find(id).orElseThrow(() -> new QualityRuleNotFoundException(id));
        store.delete(id, expectedVersion, actor);
        rulesChanged.accept(before.table());
    }

    /** Before a blocking rule is stored, so that no snapshot reaches main unchecked once it is. */
    private void audit(QualityRule.Draft draft) {
        if (branches == null || draft.severity() != Severity.BLOCK) {
            return;
        }
        TableRef table = draft.table();
        if (branches.auditBranch(table).isEmpty()) {
            branches.useAuditBranch(table, auditBranch);
        }
    }
}
