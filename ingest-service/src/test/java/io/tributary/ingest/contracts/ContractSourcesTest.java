package io.tributary.ingest.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tributary.ingest.contracts.catalog.CatalogContractSource;
import io.tributary.ingest.contracts.staticfile.StaticContractSource;
import io.tributary.ingest.core.ContractSource;
import io.tributary.ingest.core.IngestContract;
import io.tributary.ingest.core.TableId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractSourcesTest {

    static final String SCHEMA = """
            {"type": "struct", "schema-id": 0, "fields": [
              {"id": 1, "name": "id", "required": true, "type": "long"},
              {"id": 2, "name": "price", "required": false, "type": "decimal(9, 2)"},
              {"id": 3, "name": "tags", "required": false,
               "type": {"type": "list", "element-id": 4, "element": "string", "element-required": false}}]}""";
    static final TableId ORDERS = new TableId("sales", "orders");

    @Nested
    class StaticFile {
        @TempDir
        Path dir;

        Path write(String json) throws IOException {
            Path file = dir.resolve("contracts.json");
            Files.writeString(file, json);
            return file;
        }

        @Test
        void loadsContractsWithIcebergSchemas() throws IOException {
            StaticContractSource source = StaticContractSource.load(write("""
                    {"contracts": [{"namespace": "sales", "table": "orders", "version": 4, "key": "id", "schema": %s}]}""".formatted(SCHEMA)));
            IngestContract contract = source.find(ORDERS).orElseThrow();
            assertThat(contract.version()).isEqualTo(4);
            assertThat(contract.key()).contains("id");
            assertThat(contract.schema().findType("price")).isEqualTo(Types.DecimalType.of(9, 2));
            assertThat(contract.schema().findField("tags").isOptional()).isTrue();
            assertThat(source.find(new TableId("sales", "other"))).isEmpty();
        }

        @Test
        void aBadFileSaysWhatIsWrong() throws IOException {
            assertThatThrownBy(() -> StaticContractSource.load(dir.resolve("missing.json")))
                    .hasMessageContaining("cannot read");
            assertThatThrownBy(() -> StaticContractSource.load(write("[]")))
                    .hasMessageContaining("{\"contracts\": [...]}");
            assertThatThrownBy(() -> StaticContractSource.load(write("""
                    {"contracts": [{"namespace": "sales", "table": "orders", "version": 1, "schema": {"type": "struct"}}]}""")))
                    .hasMessageContaining("invalid Iceberg schema");
            assertThatThrownBy(() -> StaticContractSource.load(write("""
                    {"contracts": [{"namespace": "sales", "table": "orders", "version": "x", "schema": %s}]}""".formatted(SCHEMA))))
                    .hasMessageContaining("integer 'version'");
            assertThatThrownBy(() -> StaticContractSource.load(write("""
                    {"contracts": [{"namespace": "sales", "table": "orders", "version": 1, "key": "tags", "schema": %s}]}""".formatted(SCHEMA))))
                    .hasMessageContaining("primitive type");
            String one = """
                    {"namespace": "sales", "table": "orders", "version": 1, "schema": %s}""".formatted(SCHEMA);
            assertThatThrownBy(() -> StaticContractSource.load(write("{\"contracts\": [" + one + "," + one + "]}")))
                    .hasMessageContaining("two contracts for sales.orders");
            assertThatThrownBy(() -> StaticContractSource.load(write("""
                    {"contracts": [{"namespace": "sales", "table": "orders", "version": 1, "producers": "ada", "schema": %s}]}""".formatted(SCHEMA))))
                    .hasMessageContaining("'producers' that is not an array");
            assertThatThrownBy(() -> StaticContractSource.load(write("""
                    {"contracts": [{"namespace": "sales", "table": "orders", "version": 1, "producers": [1], "schema": %s}]}""".formatted(SCHEMA))))
                    .hasMessageContaining("producer that is not a string");
        }

        @Test
        void producersAreReadAndAbsentMeansNobody() throws IOException {
            StaticContractSource source = StaticContractSource.load(write("""
                    {"contracts": [
                      {"namespace": "sales", "table": "orders", "version": 1, "producers": ["orders-app", " ada ", ""], "schema": %1$s},
                      {"namespace": "sales", "table": "other", "version": 1, "schema": %1$s}]}""".formatted(SCHEMA)));
            assertThat(source.find(ORDERS).orElseThrow().producers()).containsExactly("orders-app", "ada");
            assertThat(source.find(new TableId("sales", "other")).orElseThrow().producers())
                    .isEmpty();
        }

        @Test
        void anInvalidationReadsTheFileAgainAndABrokenFileKeepsTheOldContracts() throws IOException {
            Path file = write("""
                    {"contracts": [{"namespace": "sales", "table": "orders", "version": 1, "schema": %s}]}""".formatted(SCHEMA));
            StaticContractSource source = StaticContractSource.load(file);
            Files.writeString(file, """
                    {"contracts": [{"namespace": "sales", "table": "orders", "version": 2, "schema": %s}]}""".formatted(SCHEMA));
            assertThat(source.find(ORDERS).orElseThrow().version())
                    .as("read only when told")
                    .isEqualTo(1);
            source.invalidate(ORDERS, false);
            assertThat(source.find(ORDERS).orElseThrow().version()).isEqualTo(2);
            Files.writeString(file, "not json");
            source.invalidateAll();
            assertThat(source.find(ORDERS).orElseThrow().version()).isEqualTo(2);
            Files.writeString(file, "{\"contracts\": []}");
            source.invalidate(ORDERS, true);
            assertThat(source.find(ORDERS)).isEmpty();
        }
    }

    @Nested
    class Catalog {
        final AtomicInteger status = new AtomicInteger(200);
        final AtomicReference<String> body =
                new AtomicReference<>("{\"version\": 3, \"key\": \"id\", \"schema\": " + SCHEMA + "}");
        final List<String> requests = new CopyOnWriteArrayList<>();
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        HttpServer server;

        CatalogContractSource start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status.get(), bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return source("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        }

        CatalogContractSource source(String url) {
            Clock clock = new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneId.of("UTC");
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now.get();
                }
            };
            return new CatalogContractSource(
                    url,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(5),
                    () -> "service-token",
                    clock);
        }

        @AfterEach
        void stop() {
            if (server != null) {
                server.stop(0);
            }
        }

        @Test
        void fetchesTheContractWithTheServiceTokenAndCachesIt() throws IOException {
            CatalogContractSource source = start();
            IngestContract contract = source.find(ORDERS).orElseThrow();
            assertThat(contract.version()).isEqualTo(3);
            assertThat(contract.key()).contains("id");
            assertThat(contract.table()).isEqualTo(ORDERS);
            assertThat(requests)
                    .containsExactly(
                            "GET /api/catalog/v1/namespaces/sales/tables/orders/contract Bearer service-token");

            source.find(ORDERS);
            assertThat(requests).hasSize(1);
            now.set(now.get().plusSeconds(31));
            body.set("{\"version\": 4, \"schema\": " + SCHEMA + "}");
            assertThat(source.find(ORDERS).orElseThrow().version()).isEqualTo(4);
            assertThat(requests).hasSize(2);
        }

        @Test
        void notFoundIsNoContractRememberedBriefly() throws IOException {
            CatalogContractSource source = start();
            status.set(404);
            body.set("{}");
            assertThat(source.find(ORDERS)).isEmpty();
            assertThat(source.find(ORDERS)).isEmpty();
            assertThat(requests).hasSize(1);
            now.set(now.get().plusSeconds(6));
            status.set(200);
            body.set("{\"version\": 1, \"schema\": " + SCHEMA + "}");
            assertThat(source.find(ORDERS)).isPresent();
        }

        @Test
        void catalogFailuresAreUnavailableUnlessAnOlderContractIsKnown() throws IOException {
            CatalogContractSource source = start();
            status.set(500);
            assertThatThrownBy(() -> source.find(ORDERS))
                    .isInstanceOf(ContractSource.ContractUnavailableException.class)
                    .hasMessageContaining("answered 500");

            status.set(200);
            assertThat(source.find(ORDERS)).isPresent();
            now.set(now.get().plusSeconds(60));
            status.set(503);
            assertThat(source.find(ORDERS).orElseThrow().version()).isEqualTo(3);
        }

        @Test
        void producersComeFromTheCatalogsAnswer() throws IOException {
            CatalogContractSource source = start();
            body.set("{\"version\": 3, \"producers\": [\"orders-app\", \"*\"], \"schema\": " + SCHEMA + "}");
            assertThat(source.find(ORDERS).orElseThrow().producers()).containsExactly("orders-app", "*");
        }

        @Test
        void anInvalidatedContractIsFetchedAgainBeforeItsTtlAndADroppedTableIsNoFallback() throws IOException {
            CatalogContractSource source = start();
            assertThat(source.find(ORDERS).orElseThrow().version()).isEqualTo(3);
            body.set("{\"version\": 4, \"schema\": " + SCHEMA + "}");
            assertThat(source.find(ORDERS).orElseThrow().version()).as("cached").isEqualTo(3);
            source.invalidate(ORDERS, false);
            assertThat(source.find(ORDERS).orElseThrow().version()).isEqualTo(4);
            assertThat(requests).hasSize(2);

            // Changed, then the catalog is down: the last contract is still used.
            source.invalidateAll();
            status.set(503);
            assertThat(source.find(ORDERS).orElseThrow().version()).isEqualTo(4);
            // Dropped: never used again, even while the catalog is down.
            source.invalidate(ORDERS, true);
            assertThatThrownBy(() -> source.find(ORDERS))
                    .isInstanceOf(ContractSource.ContractUnavailableException.class);
            status.set(404);
            assertThat(source.find(ORDERS)).isEmpty();
        }

        @Test
        void anUnusableAnswerIsUnavailable() throws IOException {
            CatalogContractSource source = start();
            body.set("{\"version\": 1, \"schema\": {\"type\": \"struct\", \"fields\": [{\"id\": 1}]}}");
            assertThatThrownBy(() -> source.find(ORDERS))
                    .isInstanceOf(ContractSource.ContractUnavailableException.class)
                    .hasMessageContaining("unusable contract");
        }

        @Test
        void anUnreachableCatalogIsUnavailable() throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            assertThatThrownBy(() -> source("http://127.0.0.1:" + port).find(ORDERS))
                    .isInstanceOf(ContractSource.ContractUnavailableException.class)
                    .hasMessageContaining("cannot be reached");
        }
    }
}
