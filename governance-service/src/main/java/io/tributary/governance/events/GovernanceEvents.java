package io.tributary.governance.events;

import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventTypes;

/** The names governance's own events use, beside those {@code contracts} defines for every service. */
public final class GovernanceEvents {

    /** Policy changes, one CloudEvent per change, keyed by policy id: every replica reloads its policies on one. */
    public static final String TOPIC = Topics.GOVERNANCE_EVENTS;

    public static final String POLICY_CHANGED = EventTypes.POLICY_CHANGED;
    public static final String SOURCE = "/tributary/governance";

    private GovernanceEvents() {}
}
