package io.tributary.ingest.authorization.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tributary.ingest.core.Caller;
import io.tributary.ingest.core.IngestContract;
import io.tributary.ingest.core.InsertAuthorizer;
import io.tributary.ingest.core.TableId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** INSERT decisions asked of governance: what is sent, what is cached, and that no answer is never an allow. */
class GovernanceInsertAuthorizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableId ORDERS = new TableId("sales", "orders");
    private static final IngestContract CONTRACT = new IngestContract(
            ORDERS, 1, new Schema(Types.NestedField.required(1, "order_id", Types.LongType.get())), null);
    private static final Caller SHOP =
            new Caller("shop-backend", "service-account-shop-backend", "s-1", Set.of("data-producer"));

    private HttpServer governance;
    private final List<JsonNode> asked = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer;
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeEach
    void start() throws IOException {
        governance = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        governance.createContext("/api/governance/v1/decisions", exchange -> {
            asked.add(JSON.readTree(exchange.getRequestBody()));
            tokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        governance.start();
        allow(true, null);
    }

    @AfterEach
    void stop() {
        governance.stop(0);
    }

    private volatile int revision = 7;

    private void allow(boolean allowed, String reason) {
        answer = "{\"policy-revision\": " + revision
                + ", \"decisions\": [{\"table\": \"sales.orders\", \"privilege\": \"INSERT\"," + " \"allowed\": "
                + allowed + (reason == null ? "" : ", \"reason\": \"" + reason + "\"") + "}]}";
    }

    private GovernanceInsertAuthorizer authorizer(String url) {
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        return new GovernanceInsertAuthorizer(
                url, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(30), () -> "svc", clock);
    }

    private String url() {
        return "http://127.0.0.1:" + governance.getAddress().getPort() + "/";
    }

    @Test
    void asksForTheCallersInsertDecisionWithTheServicesOwnToken() {
        assertThat(authorizer(url()).decide(SHOP, CONTRACT)).isEqualTo(InsertAuthorizer.Decision.ALLOW);
        assertThat(tokens).containsExactly("Bearer svc");
        JsonNode request = asked.get(0);
        assertThat(request.path("action").asText()).isEqualTo("INSERT");
        assertThat(request.path("principal").path("user").asText()).isEqualTo("service-account-shop-backend");
        assertThat(request.path("principal").path("client").asText()).isEqualTo("shop-backend");
        assertThat(request.path("principal").path("roles").toString()).isEqualTo("[\"data-producer\"]");
        assertThat(request.path("tables").toString()).isEqualTo("[{\"table\":\"sales.orders\"}]");
    }

    @Test
    void aDenialCarriesGovernancesReason() {
        allow(false, "no INSERT grant on sales.orders for service-account-shop-backend");
        InsertAuthorizer.Decision decision = authorizer(url()).decide(SHOP, CONTRACT);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason())
                .isEqualTo("shop-backend holds no INSERT grant on sales.orders: "
                        + "no INSERT grant on sales.orders for service-account-shop-backend.");
    }

    @Test
    void whileChangesAreFollowedADecisionIsKeptUntilAnEventDropsIt() {
        GovernanceInsertAuthorizer authorizer = authorizer(url());
        authorizer.changesFollowed(true);
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed()).isTrue();
        allow(false, "revoked");
        now = now.plusSeconds(20);
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed())
                .as("kept past the short TTL")
                .isTrue();
        authorizer.invalidate(new TableId("sales", "other"));
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed())
                .as("another table's change keeps it")
                .isTrue();
        assertThat(asked).hasSize(1);

        authorizer.invalidate(ORDERS);
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed())
                .as("its table's contract changed")
                .isFalse();
        allow(true, null);
        authorizer.invalidateAll();
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed())
                .as("a policy changed")
                .isTrue();
        assertThat(asked).hasSize(3);

        allow(false, "revoked");
        authorizer.changesFollowed(false);
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed())
                .as("no longer following: dropped, then the short TTL")
                .isFalse();
        allow(true, null);
        now = now.plusMillis(1100);
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed()).isTrue();
        assertThat(asked).hasSize(5);
    }

    @Test
    void anAnswerOlderThanTheLatestAnnouncedPolicyRevisionIsKeptBriefly() {
        GovernanceInsertAuthorizer authorizer = authorizer(url());
        authorizer.changesFollowed(true);
        authorizer.policyChanged(8);
        now = now.plus(GovernanceInsertAuthorizer.SETTLE).plusSeconds(1);
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed()).isTrue();
        now = now.plusMillis(1100);
        authorizer.decide(SHOP, CONTRACT);
        assertThat(asked)
                .as("governance had not applied revision 8 yet: asked again")
                .hasSize(2);

        revision = 8;
        allow(true, null);
        now = now.plusMillis(1100);
        authorizer.decide(SHOP, CONTRACT);
        now = now.plusSeconds(20);
        authorizer.decide(SHOP, CONTRACT);
        assertThat(asked).as("an answer at revision 8 is kept").hasSize(3);
    }

    @Test
    void aDecisionIsReusedForOneSecondThenAskedAgain() {
        GovernanceInsertAuthorizer authorizer = authorizer(url());
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed()).isTrue();
        allow(false, "revoked");
        now = now.plusMillis(900);
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed()).isTrue();
        assertThat(asked).hasSize(1);
        Caller other = new Caller("billing", "service-account-billing", "b-1", Set.of("data-producer"));
        assertThat(authorizer.decide(other, CONTRACT).allowed())
                .as("another caller is asked for")
                .isFalse();
        now = now.plusMillis(200);
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed()).isFalse();
        assertThat(asked).hasSize(3);
    }

    @Test
    void governanceUnreachableIsUnavailableNeverAnAllow() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThatThrownBy(() -> authorizer("http://127.0.0.1:" + closed).decide(SHOP, CONTRACT))
                .isInstanceOf(InsertAuthorizer.DecisionUnavailableException.class)
                .hasMessageContaining("cannot be reached")
                .satisfies(e -> assertThat(((InsertAuthorizer.DecisionUnavailableException) e).table())
                        .isEqualTo(ORDERS));
    }

    @Test
    void anErrorOrRefusalOrUnreadableAnswerIsUnavailableAndNotCached() {
        GovernanceInsertAuthorizer authorizer = authorizer(url());
        for (int code : new int[] {500, 503, 401, 403}) {
            status = code;
            answer = "{\"title\": \"no\"}";
            assertThatThrownBy(() -> authorizer.decide(SHOP, CONTRACT))
                    .isInstanceOf(InsertAuthorizer.DecisionUnavailableException.class)
                    .hasMessageContaining("HTTP " + code);
        }
        status = 200;
        answer = "not json";
        assertThatThrownBy(() -> authorizer.decide(SHOP, CONTRACT))
                .isInstanceOf(InsertAuthorizer.DecisionUnavailableException.class);
        answer = "{\"decisions\": [{\"table\": \"sales.other\", \"allowed\": true}]}";
        assertThatThrownBy(() -> authorizer.decide(SHOP, CONTRACT))
                .as("a decision on another table is no decision")
                .isInstanceOf(InsertAuthorizer.DecisionUnavailableException.class);
        allow(true, null);
        assertThat(authorizer.decide(SHOP, CONTRACT).allowed()).isTrue();
    }

    @Test
    void noTokenIsUnavailable() {
        GovernanceInsertAuthorizer authorizer = new GovernanceInsertAuthorizer(
                url(),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                () -> {
                    throw new IllegalStateException("Keycloak is down");
                },
                Clock.systemUTC());
        assertThatThrownBy(() -> authorizer.decide(SHOP, CONTRACT))
                .isInstanceOf(InsertAuthorizer.DecisionUnavailableException.class)
                .hasMessageContaining("Keycloak is down");
        assertThat(asked).isEmpty();
    }
}
