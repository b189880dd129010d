package io.tributary.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.contracts.Topics;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Several hundred malformed or hostile bodies against the real service and Kafka. Each must be answered 4xx with a
 * problem+json that says what is wrong; none may put anything on the tables' topics or the dead-letter topic; the
 * service must stay ready and keep accepting valid records afterwards.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class HostileInputCorpusTest {

    static final String PRODUCER = TestTokens.withRoles("orders-app", Roles.DATA_PRODUCER);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_TYPE = "application/json";
    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    /** One hostile request; {@code contentType} null sends none; {@code expect} a status, or 0 for any 4xx. */
    record Case(String name, String table, String contentType, byte[] body, String query, int expect) {
        Case(String name, String table, String contentType, byte[] body, String query) {
            this(name, table, contentType, body, query, 0);
        }
    }

    @TestHTTPResource("/")
    URL root;

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    /** A record of the {@code everything} table that is valid; every wrong-type case changes one field of it. */
    static ObjectNode validEverything() {
        try {
            return (ObjectNode) JSON.readTree("""
                    {"b": true, "i": 1, "l": 2, "f": 1.5, "d": 2.5, "dec": "12.34", "day": "2024-05-31",
                     "t": "13:45:30.123456", "ts": "2024-05-31T13:45:30", "tstz": "2024-05-31T13:45:30+02:00",
                     "s": "text", "u": "0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69", "fx": "AQIDBA==", "bin": "AQI=",
                     "st": {"x": 1}, "li": [1, 2], "m": {"2024-05-31": 3}}""");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static final String VALID_ORDERS = "[{\"order_id\": 1, \"customer\": \"ada\", \"amount\": \"12.50\", "
            + "\"placed_at\": \"2024-05-31T13:45:30+02:00\", \"tags\": [\"a\", null], \"shipping\": {\"city\": \"Lyon\", \"zip\": \"69001\"}}]";

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();

        // Truncated JSON at every cut point of a valid body, and NDJSON cut inside its last line.
        for (int cut = 1; cut < VALID_ORDERS.length(); cut++) {
            cases.add(new Case(
                    "truncated json at " + cut, "orders", JSON_TYPE, utf8(VALID_ORDERS.substring(0, cut)), ""));
        }
        String line = VALID_ORDERS.substring(1, VALID_ORDERS.length() - 1);
        for (int cut = 1; cut < line.length(); cut += 7) {
            cases.add(new Case(
                    "truncated ndjson at " + cut,
                    "orders",
                    NDJSON,
                    utf8(line.replace("\"order_id\": 1", "\"order_id\": 2") + "\n" + line.substring(0, cut)),
                    ""));
        }

        // A wrong value for every field type.
        Map<String, List<String>> wrong = Map.ofEntries(
                Map.entry("b", List.of("\"true\"", "1", "null", "[true]")),
                Map.entry("i", List.of("1.5", "\"1\"", "2147483648", "true", "1e400", "1" + "0".repeat(400))),
                Map.entry("l", List.of("9223372036854775808", "\"2\"", "2.000001", "{}", "-1" + "0".repeat(399))),
                Map.entry("f", List.of("\"abc\"", "1e39", "1e-50", "\"nan\"", "1e400", "[1.5]")),
                Map.entry("d", List.of("1e400", "-1e400", "\"Inf\"", "4.9e-330", "false")),
                Map.entry(
                        "dec",
                        List.of("1234567.891", "12345678.9", "\"abc\"", "\"1e400\"", "1" + "0".repeat(400), "true")),
                Map.entry("day", List.of("\"2024-13-01\"", "20240101", "\"2024-02-30\"", "\"31/05/2024\"")),
                Map.entry("t", List.of("\"25:00:00\"", "\"13:45:30.1234567\"", "45930", "\"1pm\"")),
                Map.entry(
                        "ts",
                        List.of(
                                "\"2024-05-31T13:45:30Z\"",
                                "\"2024-05-31\"",
                                "1717163130",
                                "\"2024-05-31 13:45:30x\"")),
                Map.entry(
                        "tstz",
                        List.of(
                                "\"2024-05-31T13:45:30\"",
                                "\"yesterday\"",
                                "1717163130000",
                                "\"2024-05-31T13:45:30+25:00\"")),
                Map.entry("s", List.of("5", "{\"a\": 1}", "\"a\\u0000b\"", "\"\\ud800\"", "[\"s\"]", "true")),
                Map.entry(
                        "u",
                        List.of(
                                "\"not-a-uuid\"",
                                "\"0190f6c5-8e3a-7b1c-9a4e\"",
                                "42",
                                "\"0190f6c58e3a7b1c9a4e2f1d3c4b5a69zz\"")),
                Map.entry("fx", List.of("\"AQID\"", "\"AQIDBAU=\"", "\"!!!!\"", "1234")),
                Map.entry("bin", List.of("\"!!!\"", "\"A\"", "[1, 2]", "12")),
                Map.entry("st", List.of("\"x\"", "{\"x\": \"1\"}", "{\"x\": 1, \"y\": 2}", "{}", "[1]")),
                Map.entry("li", List.of("{\"a\": 1}", "[1, \"2\"]", "\"[]\"", "[null]", "[[1]]")),
                Map.entry(
                        "m",
                        List.of(
                                "{\"not-a-date\": 1}",
                                "[1]",
                                "{\"2024-05-31\": \"x\"}",
                                "{\"2024-05-31\": null}",
                                "\"{}\"")));
        for (var field : wrong.entrySet()) {
            for (String value : field.getValue()) {
                String body = validEverything()
                        .toString()
                        .replaceFirst(
                                "\"" + field.getKey() + "\":(\\{[^{}]*\\}|\\[[^\\[\\]]*\\]|\"[^\"]*\"|[^,}]+)",
                                java.util.regex.Matcher.quoteReplacement("\"" + field.getKey() + "\":" + value));
                cases.add(new Case(
                        "wrong " + field.getKey() + " = " + abbreviate(value),
                        "everything",
                        JSON_TYPE,
                        utf8(body),
                        "",
                        422));
            }
        }
        ObjectNode missing = validEverything();
        missing.remove("u");
        cases.add(new Case("missing required field", "everything", JSON_TYPE, utf8(missing.toString()), ""));
        ObjectNode extra = validEverything();
        extra.put("U", "0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69");
        cases.add(new Case("field name in the wrong case", "everything", JSON_TYPE, utf8(extra.toString()), ""));

        // Huge numbers in the orders table.
        for (String huge : List.of(
                "1e400", "1" + "0".repeat(400), "-" + "9".repeat(400), "1e-400", "0." + "0".repeat(400) + "1")) {
            cases.add(new Case(
                    "huge order_id " + abbreviate(huge),
                    "orders",
                    JSON_TYPE,
                    utf8("{\"order_id\": " + huge + ", \"customer\": \"ada\", \"amount\": 1}"),
                    ""));
            cases.add(new Case(
                    "huge amount " + abbreviate(huge),
                    "orders",
                    JSON_TYPE,
                    utf8("{\"order_id\": 1, \"customer\": \"ada\", \"amount\": " + huge + "}"),
                    ""));
        }

        // Deep nesting.
        cases.add(
                new Case("10k nested arrays", "orders", JSON_TYPE, utf8("[".repeat(10_000) + "]".repeat(10_000)), ""));
        cases.add(new Case(
                "10k nested objects",
                "orders",
                JSON_TYPE,
                utf8("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)),
                ""));
        cases.add(new Case(
                "10k nested in a field",
                "orders",
                JSON_TYPE,
                utf8("{\"order_id\": 1, \"customer\": \"a\", " + "\"amount\": 1, \"shipping\": "
                        + "{\"city\":".repeat(10_000) + "\"x\"" + "}".repeat(10_000) + "}"),
                ""));
        cases.add(new Case(
                "10k nested ndjson", "orders", NDJSON, utf8("[".repeat(10_000) + "]".repeat(10_000) + "\n"), ""));
        cases.add(new Case("10k unclosed", "orders", JSON_TYPE, utf8("[".repeat(10_000)), ""));
        cases.add(new Case(
                "nesting in a csv cell",
                "orders",
                CSV,
                utf8("order_id,customer,amount,tags\n1,a,1,\"" + "[".repeat(5_000) + "]".repeat(5_000) + "\"\n"),
                ""));

        // Invalid UTF-8, in JSON, NDJSON and CSV.
        List<byte[]> invalidUtf8 = List.of(
                bytes(0xC3, 0x28),
                bytes(0xFF),
                bytes(0xC0, 0xAF),
                bytes(0xED, 0xA0, 0x80),
                bytes(0xE2, 0x82),
                bytes(0xF8, 0x88, 0x80, 0x80, 0x80),
                bytes(0xF4, 0x90, 0x80, 0x80),
                bytes(0x80));
        for (int i = 0; i < invalidUtf8.size(); i++) {
            byte[] bad = invalidUtf8.get(i);
            cases.add(new Case(
                    "invalid utf-8 #" + i + " in json string",
                    "orders",
                    JSON_TYPE,
                    concat(utf8("{\"order_id\": 1, \"customer\": \"a"), bad, utf8("\", \"amount\": 1}")),
                    ""));
            cases.add(new Case(
                    "invalid utf-8 #" + i + " in ndjson key",
                    "orders",
                    NDJSON,
                    concat(utf8("{\"order_id\": 1, \"cust"), bad, utf8("omer\": \"a\", \"amount\": 1}\n")),
                    ""));
            cases.add(new Case(
                    "invalid utf-8 #" + i + " in csv",
                    "orders",
                    CSV,
                    concat(utf8("order_id,customer,amount\n1,a"), bad, utf8(",1\n")),
                    ""));
            cases.add(new Case(
                    "invalid utf-8 #" + i + " at the end",
                    "orders",
                    JSON_TYPE,
                    concat(utf8("{\"order_id\": 1, \"customer\": \"a\", \"amount\": 1}"), bad),
                    ""));
        }

        // NUL bytes.
        cases.add(new Case(
                "NUL in a json string",
                "orders",
                JSON_TYPE,
                concat(utf8("{\"order_id\": 1, \"customer\": \"a"), bytes(0), utf8("\", \"amount\": 1}")),
                ""));
        cases.add(new Case(
                "NUL between json tokens",
                "orders",
                JSON_TYPE,
                concat(utf8("{\"order_id\": 1,"), bytes(0), utf8(" \"customer\": \"a\", \"amount\": 1}")),
                ""));
        cases.add(new Case(
                "NUL in ndjson",
                "orders",
                NDJSON,
                concat(utf8("{\"order_id\": 1, \"customer\": \"a\", \"amount\": 1}\n"), bytes(0), utf8("\n")),
                ""));
        cases.add(new Case(
                "NUL in csv",
                "orders",
                CSV,
                concat(utf8("order_id,customer,amount\n1,a"), bytes(0), utf8(",1\n")),
                ""));
        cases.add(new Case(
                "escaped NUL in csv-held json",
                "orders",
                CSV,
                utf8("order_id,customer,amount,tags\n1,a,1,\"[\"\"a\\u0000\"\"]\"\n"),
                ""));
        cases.add(new Case("only NULs", "orders", JSON_TYPE, new byte[64], ""));

        // 10 MB strings: over the body limit.
        String tenMb = "x".repeat(10 << 20);
        cases.add(new Case(
                "10 MB json string",
                "orders",
                JSON_TYPE,
                utf8("{\"order_id\": 1, \"customer\": \"" + tenMb + "\", \"amount\": 1}"),
                "",
                413));
        cases.add(new Case(
                "10 MB ndjson line",
                "orders",
                NDJSON,
                utf8("{\"order_id\": 1, \"customer\": \"" + tenMb + "\", \"amount\": 1}\n"),
                "",
                413));
        cases.add(new Case(
                "10 MB csv cell", "orders", CSV, utf8("order_id,customer,amount\n1," + tenMb + ",1\n"), "", 413));

        // CSV: injection payloads in typed columns, unbalanced quotes, wrong column counts, bad headers.
        for (String injection : List.of(
                "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1+1)", "=HYPERLINK(\"http://x\")", "\t=1", "\r=1")) {
            String cell = "\"" + injection.replace("\"", "\"\"") + "\"";
            cases.add(new Case(
                    "csv injection in order_id: " + abbreviate(injection),
                    "orders",
                    CSV,
                    utf8("order_id,customer,amount\n" + cell + ",ada,1\n"),
                    ""));
            cases.add(new Case(
                    "csv injection in amount: " + abbreviate(injection),
                    "orders",
                    CSV,
                    utf8("order_id,customer,amount\n1,ada," + cell + "\n"),
                    ""));
        }
        for (String bad : List.of(
                "order_id,customer,amount\n1,\"ada,1\n",
                "order_id,customer,amount\n1,\"ada\"x,1\n",
                "order_id,customer,amount\n\"1,ada,1\n2,bob,2\n",
                "order_id,customer,amount\n1,ada,1,extra\n",
                "order_id,customer,amount\n1,ada\n",
                "order_id,customer,amount\n1\n",
                "order_id,customer,amount\n,,,,,,\n",
                "order_id,customer,order_id\n1,a,1\n",
                "order_id,customer,amount,colour\n1,a,1,red\n",
                "Order_Id,customer,amount\n1,a,1\n",
                ",customer,amount\n1,a,1\n",
                "\"order_id,customer,amount\n1,a,1\n",
                "order_id;customer;amount\n1;a;1\n",
                "order_id\tcustomer\tamount\n1\ta\t1\n",
                "\n\n",
                "order_id,customer,amount\n1,a,1\n2,b\n",
                "order_id,customer,amount,shipping\n1,a,1,{not json}\n",
                "order_id,customer,amount,tags\n1,a,1,\"[1,\"\n")) {
            cases.add(new Case("malformed csv " + abbreviate(bad), "orders", CSV, utf8(bad), ""));
        }

        // Wrong content types and charsets.
        byte[] valid = utf8(VALID_ORDERS);
        for (String type : List.of(
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/octet-stream",
                "application/jsonx",
                "text/json",
                "application/json-seq",
                "image/png",
                "application/vnd.api+json")) {
            cases.add(new Case("content type " + type, "orders", type, valid, "", 415));
        }
        cases.add(new Case("no content type", "orders", null, valid, "", 415));
        for (String charset :
                List.of("latin1", "ISO-8859-1", "utf-16", "UTF-16LE", "utf-32", "windows-1252", "ascii", "nonsense")) {
            cases.add(new Case("charset " + charset, "orders", JSON_TYPE + "; charset=" + charset, valid, ""));
            cases.add(new Case(
                    "csv charset " + charset,
                    "orders",
                    CSV + "; charset=" + charset,
                    utf8("order_id,customer,amount\n1,a,1\n"),
                    ""));
        }
        cases.add(new Case("utf-16 body", "orders", JSON_TYPE, VALID_ORDERS.getBytes(StandardCharsets.UTF_16), ""));
        cases.add(new Case("utf-16le body", "orders", JSON_TYPE, VALID_ORDERS.getBytes(StandardCharsets.UTF_16LE), ""));
        cases.add(new Case(
                "latin-1 body",
                "orders",
                JSON_TYPE,
                "{\"order_id\": 1, \"customer\": \"Zoë\", \"amount\": 1}".getBytes(StandardCharsets.ISO_8859_1),
                ""));

        // Empty bodies.
        cases.add(new Case("empty json", "orders", JSON_TYPE, new byte[0], ""));
        cases.add(new Case("empty csv", "orders", CSV, new byte[0], ""));
        cases.add(new Case("whitespace json", "orders", JSON_TYPE, utf8("  \n\t "), ""));

        // Byte order marks.
        byte[] bom = bytes(0xEF, 0xBB, 0xBF);
        cases.add(new Case("bom then garbage", "orders", JSON_TYPE, concat(bom, utf8("{oops}")), ""));
        cases.add(new Case("two boms", "orders", JSON_TYPE, concat(bom, bom, valid), ""));
        cases.add(new Case(
                "bom inside json", "orders", JSON_TYPE, concat(utf8("[ "), bom, utf8(VALID_ORDERS.substring(1))), ""));
        cases.add(new Case(
                "bom on a later ndjson line",
                "orders",
                NDJSON,
                concat(utf8(line + "\n"), bom, utf8(line.replace("\"order_id\": 1", "\"order_id\": 2") + "\n")),
                ""));
        cases.add(new Case("utf-16 be bom", "orders", JSON_TYPE, concat(bytes(0xFE, 0xFF), valid), ""));
        cases.add(new Case("utf-16 le bom", "orders", JSON_TYPE, concat(bytes(0xFF, 0xFE), valid), ""));
        cases.add(new Case("utf-32 bom", "orders", JSON_TYPE, concat(bytes(0, 0, 0xFE, 0xFF), valid), ""));
        cases.add(new Case(
                "bom in a csv header",
                "orders",
                CSV,
                concat(utf8("order_id,"), bom, utf8("customer,amount\n1,a,1\n")),
                ""));

        // Duplicate keys.
        cases.add(new Case(
                "duplicate top-level key",
                "orders",
                JSON_TYPE,
                utf8("{\"order_id\": 1, \"order_id\": 2, \"customer\": \"a\", \"amount\": 1}"),
                ""));
        cases.add(new Case(
                "duplicate nested key",
                "orders",
                JSON_TYPE,
                utf8(
                        "{\"order_id\": 1, \"customer\": \"a\", \"amount\": 1, \"shipping\": {\"city\": \"a\", \"city\": \"b\"}}"),
                ""));
        cases.add(new Case(
                "duplicate map key",
                "everything",
                JSON_TYPE,
                utf8(validEverything().toString().replace("{\"2024-05-31\":3}", "{\"2024-05-31\":3,\"2024-05-31\":4}")),
                ""));
        cases.add(new Case(
                "duplicate key in ndjson",
                "orders",
                NDJSON,
                utf8("{\"order_id\": 1, \"customer\": \"a\", \"customer\": \"b\", \"amount\": 1}\n"),
                ""));

        // Not JSON as JSON goes.
        for (String notJson : List.of(
                "42",
                "\"text\"",
                "null",
                "true",
                "[1, 2]",
                "[[]]",
                "[\"a\"]",
                "[null]",
                VALID_ORDERS + " x",
                VALID_ORDERS + VALID_ORDERS,
                "{}{}",
                "// c\n" + VALID_ORDERS,
                "/* c */" + VALID_ORDERS,
                "{'order_id': 1}",
                "{order_id: 1}",
                "{\"order_id\": NaN, \"customer\": \"a\", \"amount\": 1}",
                "{\"order_id\": Infinity, \"customer\": \"a\", \"amount\": 1}",
                "{\"order_id\": 0123, \"customer\": \"a\", \"amount\": 1}",
                "{\"order_id\": 0x10, \"customer\": \"a\", \"amount\": 1}",
                "{\"order_id\": +1, \"customer\": \"a\", \"amount\": 1}",
                "{\"order_id\": .5, \"customer\": \"a\", \"amount\": 1}",
                "{\"order_id\": 1., \"customer\": \"a\", \"amount\": 1}",
                "{\"order_id\": 1, \"customer\": \"a\", \"amount\": 1,}",
                "[{\"order_id\": 1, \"customer\": \"a\", \"amount\": 1},]",
                "{\"order_id\": 1, \"customer\": \"a\nb\", \"amount\": 1}",
                "{\"order_id\": 1, \"customer\": \"a\\x41\", \"amount\": 1}",
                "{\"order_id\": 1, \"customer\": \"\\ud800\", \"amount\": 1}",
                "{\"order_id\": 1, \"customer\": \"\\udc00x\", \"amount\": 1}",
                "{\"" + "k".repeat(100_000) + "\": 1}",
                "[" + "{},".repeat(501) + "{}]",
                "{\"order_id\": 1}",
                "{\"order_id\": null, \"customer\": \"a\", \"amount\": 1}",
                "{\"order_id\": 1, \"customer\": \"a\", \"amount\": 1, \"tags\": \"a,b\"}",
                "{\"order_id\": 1, \"customer\": \"" + "y".repeat(70_000) + "\", \"amount\": 1}")) {
            cases.add(new Case("not json: " + abbreviate(notJson), "orders", JSON_TYPE, utf8(notJson), ""));
        }
        cases.add(new Case("ndjson over the record limit", "orders", NDJSON, utf8("{}\n".repeat(501)), ""));
        cases.add(new Case("ndjson array line", "orders", NDJSON, utf8(VALID_ORDERS + "\n"), ""));
        cases.add(new Case("ndjson garbage line", "orders", NDJSON, utf8(line + "\nnot json\n"), ""));

        // Bad requests around the body.
        cases.add(new Case("bad mode", "orders", JSON_TYPE, valid, "?mode=lenient"));
        cases.add(new Case("mode twice", "orders", JSON_TYPE, valid, "?mode=strict&mode=partial&mode=x"));
        cases.add(new Case("unknown table", "nope", JSON_TYPE, valid, ""));
        cases.add(new Case("table name that cannot be a topic", "a.b", JSON_TYPE, valid, ""));
        cases.add(new Case("table not granted", "guarded", JSON_TYPE, valid, ""));
        return cases;
    }

    static String abbreviate(String text) {
        String flat = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return flat.length() > 40 ? flat.substring(0, 40) + "…(" + flat.length() + ")" : flat;
    }

    HttpResponse<String> send(Case hostile) throws Exception {
        URI uri = root.toURI()
                .resolve("api/ingest/v1/tables/" + IngestTestContracts.namespace() + "/" + hostile.table() + "/records"
                        + hostile.query());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + PRODUCER)
                .POST(HttpRequest.BodyPublishers.ofByteArray(hostile.body()));
        if (hostile.contentType() != null) {
            request.header("Content-Type", hostile.contentType());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyHostileBodyIsA4xxProblemAndNothingReachesKafka() throws Exception {
        // The base record of the wrong-type cases is valid, so each of them fails for its one wrong value.
        HttpResponse<String> base = send(new Case(
                "valid", "everything", JSON_TYPE, utf8(validEverything().toString()), ""));
        assertThat(base.statusCode()).as(base.body()).isEqualTo(200);

        List<String> topics = List.of(
                Topics.ingest(IngestTestContracts.namespace(), "orders"),
                Topics.ingest(IngestTestContracts.namespace(), "everything"),
                Topics.ingest(IngestTestContracts.namespace(), "guarded"),
                Topics.INGEST_DLQ);
        Map<String, Map<TopicPartition, Long>> before = new java.util.HashMap<>();
        for (String topic : topics) {
            before.put(topic, KafkaTopics.endOffsets(topic));
        }

        List<Case> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        List<String> failures = new ArrayList<>();
        for (Case hostile : corpus) {
            HttpResponse<String> response = send(hostile);
            String problem = "";
            if (response.statusCode() < 400
                    || response.statusCode() > 499
                    || (hostile.expect() != 0 && response.statusCode() != hostile.expect())) {
                problem = "status " + response.statusCode()
                        + (hostile.expect() != 0 ? " (expected " + hostile.expect() + ")" : "");
            } else if (!response.headers()
                    .firstValue("Content-Type")
                    .orElse("")
                    .startsWith("application/problem+json")) {
                problem = "content type "
                        + response.headers().firstValue("Content-Type").orElse("none");
            } else {
                JsonNode body = JSON.readTree(response.body());
                if (body.path("detail").asText("").isBlank()
                        || body.path("status").asInt() != response.statusCode()) {
                    problem = "no detail";
                }
            }
            if (!problem.isEmpty()) {
                failures.add(hostile.name() + ": " + problem + " " + abbreviate(response.body()));
            }
        }
        assertThat(failures).as("cases not answered with a 4xx problem").isEmpty();

        for (String topic : topics) {
            assertThat(KafkaTopics.endOffsets(topic))
                    .as("end offsets of " + topic)
                    .isEqualTo(before.get(topic));
        }

        HttpResponse<String> ready = http.send(
                HttpRequest.newBuilder(root.toURI().resolve("q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        HttpResponse<String> after = send(new Case("valid", "orders", JSON_TYPE, utf8(VALID_ORDERS), ""));
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(JSON.readTree(after.body()).path("accepted").asInt()).isEqualTo(1);
    }
}
