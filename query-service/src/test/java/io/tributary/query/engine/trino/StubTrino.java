package io.tributary.query.engine.trino;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A Trino coordinator's client protocol, scripted: a POST of SQL answers the first page the script gives for it, and
 * each page names the next by {@code {next:N}} in its text, served at {@code /v1/statement/queued/q/N}.
 */
final class StubTrino implements AutoCloseable {

    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final HttpServer server;
    private volatile Function<String, String> firstPage = sql -> "{}";

    StubTrino() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders(), body));
            String answer;
            int status = 200;
            if (exchange.getRequestMethod().equals("POST") && path.equals("/v1/statement")) {
                answer = firstPage.apply(body);
            } else if (exchange.getRequestMethod().equals("DELETE")) {
                answer = "";
                status = 204;
            } else {
                answer = pages.get(path.substring(path.lastIndexOf('/') + 1));
                if (answer == null) {
                    answer = "";
                    status = 404;
                }
            }
            byte[] bytes = expand(answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
            if (status != 204) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The first page for each posted statement. */
    StubTrino onStatement(Function<String, String> first) {
        this.firstPage = first;
        return this;
    }

    /** Page {@code n}, reached through {@code "nextUri": "{next:n}"} in another page. */
    StubTrino page(int n, String json) {
        pages.put(Integer.toString(n), json);
        return this;
    }

    private String expand(String json) {
        return json.replaceAll("\\{next:(\\d+)}", uri() + "/v1/statement/queued/q/$1");
    }

    List<Request> posts() {
        return requests.stream().filter(r -> r.method().equals("POST")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
