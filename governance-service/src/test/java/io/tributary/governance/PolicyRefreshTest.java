package io.tributary.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.governance.core.PolicyBody;
import io.tributary.governance.core.PrincipalRef;
import io.tributary.governance.core.Privilege;
import io.tributary.governance.core.Securable;
import io.tributary.governance.events.EventsRuntime;
import io.tributary.governance.store.PostgresPolicyStore;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change made by another replica (written to the store and the outbox, without this replica's own refresh)
 * reaches this replica's decisions through tributary.governance.events within 1 s.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class PolicyRefreshTest {

    @Inject
    PostgresPolicyStore store;

    @Inject
    EventsRuntime events;

    @BeforeEach
    void reset() throws InterruptedException {
        GovernanceApi.resetToBootstrap();
        for (int i = 0; i < 300 && !events.followingPolicyChanges(); i++) {
            Thread.sleep(100);
        }
        assertThat(events.followingPolicyChanges())
                .as("the service follows tributary.governance.events")
                .isTrue();
    }

    private static boolean noraMayRead() {
        return GovernanceApi.decide("nora", List.of(), Map.of(), "refresh.signals")
                .then()
                .statusCode(200)
                .extract()
                .<Boolean>path("decisions[0].allowed");
    }

    @Test
    void anotherReplicasChangeIsDecidedOnWithinOneSecond() throws InterruptedException {
        assertThat(noraMayRead()).isFalse();
        store.create(
                new PolicyBody.Grant(
                        PrincipalRef.user("nora"), Privilege.SELECT, Securable.parse("refresh.signals"), List.of()),
                null,
                "refresh test",
                "other-replica");
        long start = System.nanoTime();
        boolean allowed = false;
        while (!allowed && System.nanoTime() - start < 1_000_000_000L) {
            allowed = noraMayRead();
            if (!allowed) {
                Thread.sleep(20);
            }
        }
        assertThat(allowed)
                .as("the grant is decided on within 1 s of its commit")
                .isTrue();
    }
}
