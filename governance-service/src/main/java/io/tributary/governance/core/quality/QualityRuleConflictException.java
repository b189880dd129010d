package io.tributary.governance.core.quality;

/** A rule whose name its table already uses, or a change based on a version that is no longer current. */
public class QualityRuleConflictException extends RuntimeException {
    public QualityRuleConflictException(String message) {
        super(message);
    }
}
