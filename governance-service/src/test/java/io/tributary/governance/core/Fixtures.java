package io.tributary.governance.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Policy sets for tests of the core, built from bodies. */
final class Fixtures {

    static final String SALT = "s3cret";

    private Fixtures() {}

    static Policy policy(PolicyBody body) {
        return new Policy(UUID.randomUUID(), 1, body, null, "sam", Instant.now(), null);
    }

    static PolicySet bootstrapPlus(PolicyBody... more) {
        List<Policy> policies = new ArrayList<>();
        long t = 0;
        for (BootstrapPolicies.Entry e : BootstrapPolicies.entries()) {
            policies.add(new Policy(
                    UUID.randomUUID(), 1, e.body(), e.description(), "system", Instant.EPOCH.plusSeconds(t++), null));
        }
        for (PolicyBody body : more) {
            policies.add(
                    new Policy(UUID.randomUUID(), 1, body, null, "sam", Instant.EPOCH.plusSeconds(100 + t++), null));
        }
        return PolicySet.of(policies.size(), policies);
    }
}
