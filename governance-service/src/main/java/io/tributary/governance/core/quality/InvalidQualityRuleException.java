package io.tributary.governance.core.quality;

import java.util.List;

/** A quality rule that cannot be stored; each violation names its field. */
public class InvalidQualityRuleException extends RuntimeException {

    private final transient List<RuleViolation> violations;

    public InvalidQualityRuleException(String detail, List<RuleViolation> violations) {
        super(detail);
        this.violations = List.copyOf(violations);
    }

    public List<RuleViolation> violations() {
        return violations;
    }
}
