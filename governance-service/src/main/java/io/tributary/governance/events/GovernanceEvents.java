package io.tributary.governance.events;

/** The names governance's own events use, beside those {@code contracts} defines for every service. */
public final class GovernanceEvents {

    /** Policy changes, one CloudEvent per change, keyed by policy id: every replica reloads its policies on one. */
    public static final String TOPIC = "tributary.governance.events";

    public static final String POLICY_CHANGED = "io.tributary.governance.policy.changed";
    public static final String SOURCE = "/tributary/governance";

    private GovernanceEvents() {}
}
