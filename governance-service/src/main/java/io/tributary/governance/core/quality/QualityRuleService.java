package io.tributary.governance.core.quality;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** Quality rule changes: read and checked against the catalog, then stored. */
public final class QualityRuleService {

    private final QualityRuleStore store;
    private final QualityRuleValidator validator;

    public QualityRuleService(QualityRuleStore store, QualityRuleValidator validator) {
        this.store = store;
        this.validator = validator;
    }

    public QualityRule create(JsonNode body, String actor) {
        return store.create(validator.read(body), actor);
    }

    public QualityRule update(UUID id, JsonNode body, String actor) {
        store.find(id).orElseThrow(() -> new QualityRuleNotFoundException(id));
        return store.update(id, validator.read(body), actor);
    }

    public void delete(UUID id, Integer expectedVersion, String actor) {
        store.delete(id, expectedVersion, actor);
    }
}
