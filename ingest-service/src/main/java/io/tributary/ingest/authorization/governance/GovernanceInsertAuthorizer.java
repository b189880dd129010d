package io.tributary.ingest.authorization.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.ingest.core.Caller;
import io.tributary.ingest.core.IngestContract;
import io.tributary.ingest.core.InsertAuthorizer;
import io.tributary.ingest.core.TableId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * INSERT decisions from governance-service ({@code POST /api/governance/v1/decisions}, action {@code INSERT}), which
 * reads the table's contract {@code producers} as INSERT grants beside its own. Asked with this service's
 * client-credentials token on behalf of the caller whose token ingest validated. A decision is reused for
 * {@code cacheTtl} (about a second), so a changed grant reaches producers that soon; while the events that change
 * grants are followed (governance's policy changes, the catalog's contract changes), for {@code followedTtl}, since
 * each such event drops the decisions it may change. When governance cannot answer, the request is refused as
 * unavailable: never allowed on a guess.
 */
public final class GovernanceInsertAuthorizer implements InsertAuthorizer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CACHED = 10_000;

    private final URI endpoint;
    private final Duration timeout;
    private final Duration cacheTtl;
    private final Duration followedTtl;
    private volatile boolean followed;
    private final AtomicLong generation = new AtomicLong();
    private final Supplier<String> accessToken;
    private final Clock clock;
    private final HttpClient http;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    private record Key(String client, String user, Set<String> roles, TableId table) {}

    private record Cached(Decision decision, Instant expires) {}

    /** @param accessToken a client-credentials token of this service, fetched (and refreshed) on demand */
    public GovernanceInsertAuthorizer(
            String baseUrl, Duration timeout, Duration cacheTtl, Supplier<String> accessToken, Clock clock) {
        this(baseUrl, timeout, cacheTtl, cacheTtl, accessToken, clock);
    }

    /**
     * @param followedTtl how long a decision is reused while {@link #changesFollowed} says the events that change
     *                    grants are followed
     */
    public GovernanceInsertAuthorizer(
            String baseUrl,
            Duration timeout,
            Duration cacheTtl,
            Duration followedTtl,
            Supplier<String> accessToken,
            Clock clock) {
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/api/governance/v1/decisions");
        this.timeout = timeout;
        this.cacheTtl = cacheTtl;
        this.followedTtl = followedTtl;
        this.accessToken = accessToken;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Decision decide(Caller caller, IngestContract contract) {
        TableId table = contract.table();
        Key key = new Key(caller.clientId(), user(caller), caller.roles(), table);
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.decision();
        }
        long seen = generation.get();
        Decision decision = ask(caller, table);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        // A change announced while governance was being asked may not be in its answer: use it, but do not keep it.
        if (generation.get() == seen) {
            cache.put(key, new Cached(decision, now.plus(followed ? followedTtl : cacheTtl)));
        }
        return decision;
    }

    @Override
    public void changesFollowed(boolean followed) {
        this.followed = followed;
        if (!followed) {
            // Decisions kept on the strength of events can no longer be trusted that long.
            invalidateAll();
        }
    }

    @Override
    public void invalidate(TableId table) {
        generation.incrementAndGet();
        cache.keySet().removeIf(key -> key.table().equals(table));
    }

    @Override
    public void invalidateAll() {
        generation.incrementAndGet();
        cache.clear();
    }

    /** Governance names users by {@code preferred_username}, else {@code sub}. */
    private static String user(Caller caller) {
        return caller.username() != null ? caller.username() : caller.subject();
    }

    private Decision ask(Caller caller, TableId table) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode principal = body.putObject("principal");
        if (user(caller) != null) {
            principal.put("user", user(caller));
        }
        if (caller.clientId() != null) {
            principal.put("client", caller.clientId());
        }
        ArrayNode roles = principal.putArray("roles");
        caller.roles().stream().sorted().forEach(roles::add);
        body.put("action", "INSERT");
        body.putArray("tables").addObject().put("table", table.toString());
        HttpResponse<byte[]> response;
        try {
            String token = accessToken.get();
            response = http.send(
                    HttpRequest.newBuilder(endpoint)
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new DecisionUnavailableException(
                    table, "governance cannot be reached at " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionUnavailableException(table, "interrupted while asking governance", e);
        } catch (RuntimeException e) {
            throw new DecisionUnavailableException(table, "no token to call governance with: " + e.getMessage(), e);
        }
        if (response.statusCode() != 200) {
            // 401/403 mean this service's own token or trust is misconfigured: still no decision, never an allow.
            throw new DecisionUnavailableException(
                    table, "governance answered HTTP " + response.statusCode() + " to an INSERT decision", null);
        }
        JsonNode decision;
        try {
            decision = JSON.readTree(response.body()).path("decisions").path(0);
        } catch (IOException e) {
            throw new DecisionUnavailableException(table, "governance answered with unreadable JSON", e);
        }
        if (!decision.path("allowed").isBoolean()
                || !table.toString().equals(decision.path("table").asText())) {
            throw new DecisionUnavailableException(table, "governance answered without a decision on " + table, null);
        }
        if (decision.get("allowed").asBoolean()) {
            return Decision.ALLOW;
        }
        String who = caller.clientId() != null ? caller.clientId() : caller.principal();
        return Decision.deny(who + " holds no INSERT grant on " + table + ": "
                + decision.path("reason").asText("governance denied it") + ".");
    }
}
