package io.tributary.query.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tributary.query.core.Caller;
import io.tributary.query.core.DecisionSource;
import io.tributary.query.core.QueryException;
import io.tributary.query.core.TableAccess;
import io.tributary.query.core.TableName;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The decision call as it goes over the wire: who is asked about, with whose token, and what happens on failure. */
class HttpDecisionSourceHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;

    private String serve(int status, String body, AtomicReference<JsonNode> request, AtomicReference<String> auth)
            throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/governance/v1/decisions", exchange -> {
            request.set(JSON.readTree(exchange.getRequestBody()));
            auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void asksForTheCallerWithItsTokenAndUsesTheDuckDbRendering() throws Exception {
        AtomicReference<JsonNode> request = new AtomicReference<>();
        AtomicReference<String> auth = new AtomicReference<>();
        String url = serve(200, """
                {"policy-revision": 3, "decisions": [{"table": "sales.orders", "privilege": "SELECT",
                  "allowed": true, "columns": ["id"], "masks": {},
                  "row-filter": {"expression": "country = 'DE'", "duckdb": "(country = 'DE')", "trino": "x",
                                 "policies": [{"id": "p9", "version": 4}]}}]}""", request, auth);
        HttpDecisionSource source = new HttpDecisionSource(url, Duration.ofSeconds(5), JSON);
        Caller ada = new Caller("ada", "tributary-cli", Set.of("data-analyst"), Map.of("country", "DE"), "tok");
        Map<TableName, TableAccess> decisions = source.decide(
                ada,
                "duckdb",
                List.of(new DecisionSource.TableColumns(new TableName("sales", "orders"), List.of("id", "email"))));

        assertThat(auth.get()).isEqualTo("Bearer tok");
        assertThat(request.get().path("action").asText()).isEqualTo("SELECT");
        assertThat(request.get().path("principal").path("user").asText()).isEqualTo("ada");
        assertThat(request.get().path("principal").path("client").asText()).isEqualTo("tributary-cli");
        assertThat(request.get()
                        .path("principal")
                        .path("attributes")
                        .path("country")
                        .asText())
                .isEqualTo("DE");
        assertThat(request.get().path("tables").get(0).path("columns")).hasSize(2);
        TableAccess orders = decisions.get(new TableName("sales", "orders"));
        assertThat(orders.columns()).extracting(TableAccess.ColumnAccess::name).containsExactly("id");
        assertThat(orders.rowFilter()).isEqualTo("(country = 'DE')");
        assertThat(orders.policies()).containsExactly("p9 v4");
    }

    @Test
    void withoutADecisionNothingRuns() throws Exception {
        String url = serve(500, "{}", new AtomicReference<>(), new AtomicReference<>());
        HttpDecisionSource source = new HttpDecisionSource(url, Duration.ofSeconds(5), JSON);
        assertThatThrownBy(() -> source.decide(
                        new Caller("ada", Set.of(), "tok"),
                        "duckdb",
                        List.of(new DecisionSource.TableColumns(new TableName("sales", "orders"), List.of("id")))))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.UNAVAILABLE));
        HttpDecisionSource nobody = new HttpDecisionSource("http://127.0.0.1:1", Duration.ofSeconds(2), JSON);
        assertThatThrownBy(() -> nobody.decide(new Caller("ada", Set.of(), "tok"), "duckdb", List.of()))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.UNAVAILABLE));
    }
}
