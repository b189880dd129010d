package io.tributary.contracts.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void anIngestLetterNamesTheRequestAndEveryReason() throws Exception {
        DeadLetter letter = DeadLetter.atIngest(
                "sales",
                "orders",
                3,
                "orders-app",
                "0190a1b2-0000-7000-8000-000000000001",
                4,
                5,
                "4bf92f3577b34da6a3ce929d0e0e4736",
                AT,
                List.of(new DeadLetter.Reason("/amount", "decimal(10, 2)", "string \"abc\"", "not a decimal")),
                JSON.readTree("{\"id\":1,\"amount\":\"abc\"}"),
                null);

        JsonNode json = JSON.readTree(DeadLetterCodec.encode(letter));

        assertThat(json.toString())
                .isEqualTo("{\"table\":\"sales.orders\",\"namespace\":\"sales\",\"name\":\"orders\","
                        + "\"stage\":\"ingest\",\"contractVersion\":3,\"producer\":\"orders-app\","
                        + "\"receiptId\":\"0190a1b2-0000-7000-8000-000000000001\",\"index\":4,\"line\":5,"
                        + "\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"rejectedAt\":\"2026-01-02T03:04:05Z\","
                        + "\"reasons\":[{\"pointer\":\"/amount\",\"expected\":\"decimal(10, 2)\",\"actual\":\"string \\\"abc\\\"\","
                        + "\"message\":\"not a decimal\"}],\"record\":{\"id\":1,\"amount\":\"abc\"}}");
        assertThat(DeadLetterCodec.decode(DeadLetterCodec.encode(letter))).isEqualTo(letter);
    }

    @Test
    void aLakeWriterLetterNamesWhereItWasReadAndKeepsTextThatIsNotJson() throws Exception {
        DeadLetter letter = DeadLetter.atLakeWriter(
                "sales",
                "orders",
                null,
                null,
                "tributary.ingest.sales.orders",
                2,
                41,
                null,
                AT,
                List.of(DeadLetter.Reason.of("the record is not JSON")),
                null,
                "{oops");

        JsonNode json = JSON.readTree(DeadLetterCodec.encode(letter));

        assertThat(json.get("stage").asText()).isEqualTo("lake-writer");
        assertThat(json.get("topic").asText()).isEqualTo("tributary.ingest.sales.orders");
        assertThat(json.get("partition").asInt()).isEqualTo(2);
        assertThat(json.get("offset").asLong()).isEqualTo(41);
        assertThat(json.get("raw").asText()).isEqualTo("{oops");
        assertThat(json.has("record")).isFalse();
        assertThat(json.has("contractVersion")).isFalse();
        assertThat(json.has("receiptId")).isFalse();
        assertThat(json.get("reasons").get(0).toString()).isEqualTo("{\"message\":\"the record is not JSON\"}");
        assertThat(DeadLetterCodec.decode(DeadLetterCodec.encode(letter))).isEqualTo(letter);
    }

    @Test
    void aLineOfZeroIsLeftOut() {
        DeadLetter letter = DeadLetter.atIngest(
                "sales", "orders", 1, "p", "r", 0, 0, null, AT, List.of(DeadLetter.Reason.of("x")), null, "raw");

        assertThat(letter.line()).isNull();
    }

    @Test
    void traceIdComesFromAWellFormedTraceparent() {
        assertThat(DeadLetter.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(DeadLetter.traceId("garbage")).isNull();
        assertThat(DeadLetter.traceId(null)).isNull();
    }

    @Test
    void somethingElseIsNotADeadLetter() {
        assertThatThrownBy(() -> DeadLetterCodec.decode("{\"table\":\"a.b\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeadLetterCodec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
