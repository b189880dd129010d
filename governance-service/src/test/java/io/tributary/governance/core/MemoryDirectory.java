package io.tributary.governance.core;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A principal directory in memory: users as the last token recorded for them described them. */
public final class MemoryDirectory implements PrincipalDirectory {

    private final Map<String, Identity> seen = new ConcurrentHashMap<>();

    @Override
    public Optional<Identity> find(String user) {
        return Optional.ofNullable(seen.get(user));
    }

    @Override
    public void record(Identity identity) {
        seen.put(identity.user(), identity);
    }
}
