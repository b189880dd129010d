package io.tributary.governance.core;

import java.time.Instant;
import java.util.UUID;

/**
 * One policy at one version.
 *
 * @param version     1 when created, +1 with each change
 * @param description what the policy is for, free text
 * @param changedBy   who made this version
 * @param changedAt   when
 * @param reason      why this version was made
 */
public record Policy(
        UUID id, int version, PolicyBody body, String description, String changedBy, Instant changedAt, String reason) {

    public PolicyKind kind() {
        return body.kind();
    }

    /** Which policy version produced a part of a decision. */
    public Source source() {
        return new Source(id, version);
    }

    public record Source(UUID id, int version) {}
}
