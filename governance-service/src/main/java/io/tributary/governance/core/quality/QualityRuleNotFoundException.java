package io.tributary.governance.core.quality;

import java.util.UUID;

public class QualityRuleNotFoundException extends RuntimeException {
    public QualityRuleNotFoundException(UUID id) {
        super("No quality rule " + id + ".");
    }
}
