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
    /** How long after an announced change governance is given to apply it before its answers are kept long again. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final URI endpoint;
    private final Duration timeout;
    private final Duration cacheTtl;
    private final Duration followedTtl;
    private volatile boolean followed;
    private final AtomicLong generation = new AtomicLong();
    /** The highest policy revision announced on governance's events. */
    private final AtomicLong announcedRevision = new AtomicLong(-1);
    /** Until when a table's (or every) decision is kept for the short TTL only, after a change to it was announced. */
    private final Map<TableId, Instant> settling = new ConcurrentHashMap<>();

    private volatile Instant allSettleAt = Instant.MIN;
    private final Supplier<String> accessToken;
    private final Clock clock;
    private final HttpClient http;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    private record Key(String client, String user, Set<String> roles, TableId table) {}

    private record Cached(Decision decision, Instant expires) {}

    /** Governance's answer and the policy revision it was decided at. */
    private record Asked(Decision decision, long revision) {}

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
        Asked decision = ask(caller, table);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        Cached kept = new Cached(decision.decision(), now.plus(keepFor(table, decision.revision(), now)));
        cache.put(key, kept);
        // A change announced while governance was being asked may not be in its answer: use it, but do not keep it.
        if (generation.get() != seen) {
            cache.remove(key, kept);
        }
        return decision.decision();
    }

    /**
     * The long TTL only for an answer that is known to reflect every announced change: governance applies a change
     * when its own listener sees the same event, so an answer asked right after one may still be the old one. Its
     * policy revision must have reached the latest announced one, and the table's contract (which governance caches
     * too) must not have changed within the last {@link #SETTLE}.
     */
    private Duration keepFor(TableId table, long revision, Instant now) {
        if (!followed || revision < announcedRevision.get()) {
            return cacheTtl;
        }
        Instant settled = settling.get(table);
        if (now.isBefore(allSettleAt) || (settled != null && now.isBefore(settled))) {
            return cacheTtl;
        }
        return followedTtl;
    }

    @Override
    public void policyChanged(long revision) {
        announcedRevision.accumulateAndGet(revision, Math::max);
        invalidateAll();
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
        if (settling.size() >= MAX_CACHED) {
            settling.clear();
        }
        settling.put(table, clock.instant().plus(SETTLE));
        cache.keySet().removeIf(key -> key.table().equals(table));
    }

    @Override
    public void invalidateAll() {
        generation.incrementAndGet();
        allSettleAt = clock.instant().plus(SETTLE);
        cache.clear();
    }

    /** Governance names users by {@code preferred_username}, else {@code sub}. */
    private static String user(Caller caller) {
        return caller.username() != null ? caller.username() : caller.subject();
    }

    private Asked ask(Caller caller, TableId table) {
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
        JsonNode answer;
        JsonNode decision;
        try {
            answer = JSON.readTree(response.body());
            decision = answer.path("decisions").path(0);
        } catch (IOException e) {
            throw new DecisionUnavailableException(table, "governance answered with unreadable JSON", e);
        }
        if (!decision.path("allowed").isBoolean()
                || !table.toString().equals(decision.path("table").asText())) {
            throw new DecisionUnavailableException(table, "governance answered without a decision on " + table, null);
        }
        // Without a revision the answer is never kept past the short TTL once a change was announced.
        long revision = answer.path("policy-revision").asLong(-1);
        if (decision.get("allowed").asBoolean()) {
            return new Asked(Decision.ALLOW, revision);
        }
        String who = caller.clientId() != null ? caller.clientId() : caller.principal();
        return new Asked(
                Decision.deny(who + " holds no INSERT grant on " + table + ": "
                        + decision.path("reason").asText("governance denied it") + "."),
                revision);
    }
}
