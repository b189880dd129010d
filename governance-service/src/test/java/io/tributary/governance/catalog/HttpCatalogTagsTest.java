package io.tributary.governance.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tributary.governance.core.CatalogUnavailableException;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.pii.CatalogTags;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog's tag writer against a small fake of catalog-service's dataset endpoint. */
class HttpCatalogTagsTest {

    private static final TableRef SIGNUPS = TableRef.parse("shop.signups");
    private static final String DATASET = """
            {"schema": {"type": "struct", "fields": [
               {"id": 1, "name": "id", "type": "long"}, {"id": 2, "name": "contact", "type": "string"},
               {"id": 3, "name": "card", "type": "string"}]},
             "column-tags": {"contact": ["gdpr", "pii.email"], "card": ["payments"]}}""";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int getStatus = 200;
    private volatile int patchStatus = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/catalog/v1/namespaces/shop/tables/signups", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + (body.isEmpty() ? "" : " " + body));
            int status = exchange.getRequestMethod().equals("PATCH") ? patchStatus : getStatus;
            byte[] answer = DATASET.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpCatalogTags tags() {
        return new HttpCatalogTags(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/", Duration.ofSeconds(5), () -> "token-1");
    }

    @Test
    void addsTheTagToTheColumnsOtherTags() {
        assertThat(tags().addTag(SIGNUPS, "card", "pii.card")).isEqualTo(CatalogTags.Result.ADDED);

        assertThat(requests)
                .containsExactly(
                        "GET Bearer token-1",
                        "PATCH Bearer token-1 {\"column-tags\":{\"card\":[\"payments\",\"pii.card\"]}}");
    }

    @Test
    void aTagAlreadyThereIsNotWrittenAgain() {
        assertThat(tags().addTag(SIGNUPS, "contact", "pii.email")).isEqualTo(CatalogTags.Result.ALREADY_THERE);

        assertThat(requests).containsExactly("GET Bearer token-1");
    }

    @Test
    void aMissingColumnOrTableIsNoSuchColumn() {
        assertThat(tags().addTag(SIGNUPS, "gone", "pii.email")).isEqualTo(CatalogTags.Result.NO_SUCH_COLUMN);
        getStatus = 404;
        assertThat(tags().addTag(SIGNUPS, "card", "pii.card")).isEqualTo(CatalogTags.Result.NO_SUCH_COLUMN);
        assertThat(requests).allMatch(r -> r.startsWith("GET"));
    }

    @Test
    void aFailingOrUnreachableCatalogIsUnavailable() {
        patchStatus = 503;
        assertThatThrownBy(() -> tags().addTag(SIGNUPS, "card", "pii.card"))
                .isInstanceOf(CatalogUnavailableException.class)
                .hasMessageContaining("503");
        getStatus = 403;
        assertThatThrownBy(() -> tags().addTag(SIGNUPS, "card", "pii.card"))
                .isInstanceOf(CatalogUnavailableException.class)
                .hasMessageContaining("403");

        HttpCatalogTags unreachable = tags();
        server.stop(0);
        assertThatThrownBy(() -> unreachable.addTag(SIGNUPS, "card", "pii.card"))
                .isInstanceOf(CatalogUnavailableException.class)
                .hasMessageContaining("cannot be reached");
    }
}
