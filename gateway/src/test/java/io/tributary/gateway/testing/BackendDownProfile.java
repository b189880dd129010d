package io.tributary.gateway.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The gateway with governance-service down (its URL points at a closed port); see {@link FakeBackends}. */
public class BackendDownProfile implements QuarkusTestProfile {

    public static final String DOWN = "governance";
}
