package io.tributary.governance.core.quality;

import io.tributary.governance.core.TableRef;
import java.time.Instant;
import java.util.UUID;

/** A stored quality rule of one table; {@code version} grows by one with each change. */
public record QualityRule(
        UUID id,
        TableRef table,
        String name,
        RuleCheck check,
        Severity severity,
        String description,
        int version,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt) {

    public RuleType type() {
        return check.type();
    }

    /** A rule as a client writes it; {@code expectedVersion}, when given, must be the current version. */
    public record Draft(
            TableRef table,
            String name,
            RuleCheck check,
            Severity severity,
            String description,
            Integer expectedVersion) {}
}
