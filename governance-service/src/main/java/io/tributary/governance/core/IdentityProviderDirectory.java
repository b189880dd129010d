package io.tributary.governance.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users as a recent token described them, else as the identity provider describes them now. The provider's answers
 * are kept for a while ("no such user" for a shorter while); when it cannot answer, {@link #find} throws, so the
 * decision about that user is a denial rather than one made without their roles.
 */
public final class IdentityProviderDirectory implements PrincipalDirectory {

    private static final int MAX_CACHED = 100_000;

    private final PrincipalDirectory recentTokens;
    private final IdentityProvider provider;
    private final Duration ttl;
    private final Duration missingTtl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Identity> identity, Instant expires) {}

    /** @param recentTokens users as tokens seen lately described them; an entry it returns wins over the provider */
    public IdentityProviderDirectory(
            PrincipalDirectory recentTokens,
            IdentityProvider provider,
            Duration ttl,
            Duration missingTtl,
            Clock clock) {
        this.recentTokens = recentTokens;
        this.provider = provider;
        this.ttl = ttl;
        this.missingTtl = missingTtl;
        this.clock = clock;
    }

    @Override
    public Optional<Identity> find(String user) {
        Optional<Identity> recent = recentTokens.find(user);
        if (recent.isPresent()) {
            return recent;
        }
        Instant now = clock.instant();
        Cached cached = cache.get(user);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.identity();
        }
        Optional<Identity> fresh = provider.lookup(user);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(user, new Cached(fresh, now.plus(fresh.isPresent() ? ttl : missingTtl)));
        return fresh;
    }

    @Override
    public void record(Identity identity) {
        recentTokens.record(identity);
    }
}
