package io.tributary.governance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityProviderDirectoryTest {

    private final Map<String, Identity> accounts = new HashMap<>();
    private final Map<String, Integer> lookups = new HashMap<>();
    private boolean providerDown;
    private Instant now = Instant.parse("2026-12-06T10:00:00Z");

    private final MemoryDirectory recentTokens = new MemoryDirectory();

    private final IdentityProvider provider = user -> {
        lookups.merge(user, 1, Integer::sum);
        if (providerDown) {
            throw new IdentityProviderUnavailableException("connection refused", null);
        }
        return Optional.ofNullable(accounts.get(user));
    };

    private final IdentityProviderDirectory directory = new IdentityProviderDirectory(
            recentTokens, provider, Duration.ofSeconds(60), Duration.ofSeconds(10), new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            });

    @Test
    void aRecentTokenWinsAndTheProviderIsNotAsked() {
        accounts.put("ana", new Identity("ana", null, Set.of("data-analyst"), Map.of("country", "DE")));
        directory.record(new Identity("ana", "tributary-cli", Set.of("data-steward"), Map.of()));
        assertThat(directory.find("ana")).get().extracting(Identity::roles).isEqualTo(Set.of("data-steward"));
        assertThat(lookups).isEmpty();
    }

    @Test
    void aUserWithoutARecentTokenIsWhoTheProviderSaysCachedForTheTtl() {
        accounts.put("abe", new Identity("abe", null, Set.of("data-analyst"), Map.of("country", "FR")));
        assertThat(directory.find("abe")).get().satisfies(abe -> {
            assertThat(abe.roles()).containsExactly("data-analyst");
            assertThat(abe.attributes()).containsEntry("country", "FR");
        });
        accounts.put("abe", new Identity("abe", null, Set.of("data-steward"), Map.of("country", "FR")));
        now = now.plusSeconds(59);
        assertThat(directory.find("abe")).get().extracting(Identity::roles).isEqualTo(Set.of("data-analyst"));
        now = now.plusSeconds(2);
        assertThat(directory.find("abe")).get().extracting(Identity::roles).isEqualTo(Set.of("data-steward"));
        assertThat(lookups).containsEntry("abe", 2);
    }

    @Test
    void noSuchUserIsKeptForTheShorterTtl() {
        assertThat(directory.find("zed")).isEmpty();
        accounts.put("zed", new Identity("zed", null, Set.of("data-analyst"), Map.of()));
        now = now.plusSeconds(9);
        assertThat(directory.find("zed")).isEmpty();
        now = now.plusSeconds(2);
        assertThat(directory.find("zed")).isPresent();
        assertThat(lookups).containsEntry("zed", 2);
    }

    @Test
    void anUnreachableProviderIsAnErrorNotAnUnknownUserAndIsAskedAgainNextTime() {
        accounts.put("abe", new Identity("abe", null, Set.of("data-analyst"), Map.of()));
        providerDown = true;
        assertThatThrownBy(() -> directory.find("abe")).isInstanceOf(IdentityProviderUnavailableException.class);
        providerDown = false;
        assertThat(directory.find("abe")).isPresent();
    }
}
