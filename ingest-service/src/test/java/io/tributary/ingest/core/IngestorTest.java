package io.tributary.ingest.core;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.contracts.Topics;
import io.tributary.contracts.deadletter.DeadLetter;
import io.tributary.contracts.deadletter.DeadLetterCodec;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.ingest.core.body.BodyFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** The use case end to end, with the contract source and Kafka replaced by memory. */
class IngestorTest {

    static final TableId ORDERS = new TableId("sales", "orders");
    static final Schema SCHEMA = new Schema(
            required(1, "order_id", Types.LongType.get()),
            required(2, "customer", Types.StructType.of(required(3, "id", Types.StringType.get()))),
            optional(4, "amount", Types.DecimalType.of(10, 2)));
    static final IngestContract CONTRACT =
            new IngestContract(ORDERS, 7, SCHEMA, "customer.id", List.of("orders-app", "p"));
    static final Caller ORDERS_APP = new Caller("orders-app", "service-account-orders-app", "f3a1");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    final List<RecordPublisher.Outgoing> sent = new ArrayList<>();
    final RecordPublisher memory = records -> {
        sent.addAll(records);
        List<RecordPublisher.PartitionRange> ranges = new ArrayList<>();
        long offset = 100;
        for (RecordPublisher.Outgoing record : records) {
            ranges.add(new RecordPublisher.PartitionRange(record.topic(), 0, offset, offset, 1));
            offset++;
        }
        return ranges;
    };
    final ContractSource contracts = table -> table.equals(ORDERS) ? Optional.of(CONTRACT) : Optional.empty();
    final MemoryIdempotencyStore keys = new MemoryIdempotencyStore();
    final List<AuditEvent> audited = new ArrayList<>();
    InFlightBudget budget = InFlightBudget.unbounded();

    Ingestor ingestor(IngestLimits limits) {
        return new Ingestor(
                contracts,
                new BatchValidator(limits),
                memory,
                new ContractInsertAuthorizer(),
                keys,
                budget,
                audited::add,
                Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    IngestOutcome ingest(IngestMode mode, BodyFormat format, String body) throws IOException {
        return ingestor(IngestLimits.DEFAULTS)
                .ingest(
                        new IngestRequest(ORDERS, format, mode, ORDERS_APP, "key-1", TRACE),
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void validRecordsArePublishedWithKeysHeadersAndAReceipt() throws IOException {
        IngestOutcome outcome = ingest(IngestMode.STRICT, BodyFormat.JSON, """
                [{"order_id": 1, "customer": {"id": "c-1"}, "amount": 9.5},
                 {"order_id": 2, "customer": {"id": "c-2"}}]""");

        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(RecordPublisher.Outgoing::topic).containsOnly(Topics.ingest("sales", "orders"));
        assertThat(sent).extracting(r -> text(r.key())).containsExactly("c-1", "c-2");
        assertThat(text(sent.get(0).value()))
                .isEqualTo("{\"order_id\":1,\"customer\":{\"id\":\"c-1\"},\"amount\":\"9.50\"}");
        assertThat(sent.get(0).headers())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        EventHeaders.CONTENT_TYPE, "application/json",
                        EventHeaders.CONTRACT_VERSION, "7",
                        EventHeaders.PRODUCER, "orders-app",
                        EventHeaders.IDEMPOTENCY_KEY, "key-1",
                        EventHeaders.TRACEPARENT, TRACE));

        Receipt receipt = ((IngestOutcome.Published) outcome).receipt();
        assertThat(receipt.receiptId().version()).isEqualTo(7);
        assertThat(receipt.table()).isEqualTo("sales.orders");
        assertThat(receipt.contractVersion()).isEqualTo(7);
        assertThat(receipt.mode()).isEqualTo("strict");
        assertThat(receipt.received()).isEqualTo(2);
        assertThat(receipt.accepted()).isEqualTo(2);
        assertThat(receipt.rejected()).isZero();
        assertThat(receipt.partitions())
                .extracting(Receipt.PartitionOffsets::firstOffset)
                .containsExactly(100L, 101L);
        assertThat(receipt.deadLetterTopic()).isNull();
        assertThat(receipt.errors()).isNull();
    }

    @Test
    void strictModePublishesNothingWhenAnyRecordIsBad() throws IOException {
        IngestOutcome outcome = ingest(IngestMode.STRICT, BodyFormat.NDJSON, """
                {"order_id": 1, "customer": {"id": "c-1"}}
                {"order_id": "two", "customer": {}}
                {"order_id": 3, "customer": {"id": "c-3"}}
                """);
        assertThat(sent).isEmpty();
        ValidatedBatch batch = ((IngestOutcome.Rejected) outcome).batch();
        assertThat(batch.received()).isEqualTo(3);
        assertThat(batch.rejectedCount()).isEqualTo(1);
        assertThat(batch.accepted()).isEmpty();
        assertThat(batch.errors(100))
                .extracting(e -> e.index() + " " + e.line() + " " + e.pointer())
                .containsExactly("1 2 /order_id", "1 2 /customer/id");
    }

    @Test
    void partialModePublishesTheValidAndDeadLettersTheRestWithReasons() throws Exception {
        IngestOutcome outcome = ingest(IngestMode.PARTIAL, BodyFormat.CSV, """
                order_id,customer,amount
                1,"{""id"":""c-1""}",1.25
                2,"{""id"":""c-2""}",1.255
                3,not json,
                4,"{""id"":""c-4""}"
                """);
        assertThat(sent)
                .extracting(RecordPublisher.Outgoing::topic)
                .containsExactly(
                        "tributary.ingest.sales.orders", Topics.INGEST_DLQ, Topics.INGEST_DLQ, Topics.INGEST_DLQ);
        RecordPublisher.Outgoing letter = sent.get(1);
        assertThat(text(letter.key())).isEqualTo("sales.orders");
        assertThat(letter.headers()).containsEntry(EventHeaders.CONTRACT_VERSION, "7");
        JsonNode first = JSON.readTree(letter.value());
        Receipt receipt = ((IngestOutcome.Published) outcome).receipt();
        assertThat(first.get("table").asText()).isEqualTo("sales.orders");
        assertThat(first.get("stage").asText()).isEqualTo("ingest");
        assertThat(first.get("contractVersion").asInt()).isEqualTo(7);
        assertThat(first.get("traceId").asText())
                .isEqualTo(letter.headers().get(EventHeaders.TRACEPARENT).substring(3, 35));
        assertThat(DeadLetterCodec.decode(letter.value()).stage()).isEqualTo(DeadLetter.Stage.INGEST);
        assertThat(first.get("receiptId").asText())
                .isEqualTo(receipt.receiptId().toString());
        assertThat(first.get("producer").asText()).isEqualTo("orders-app");
        assertThat(first.get("index").asInt()).isEqualTo(1);
        assertThat(first.get("line").asInt()).isEqualTo(3);
        assertThat(first.get("rejectedAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(first.get("reasons").get(0).get("pointer").asText()).isEqualTo("/amount");
        assertThat(first.get("reasons").get(0).get("message").asText()).contains("never rounded");
        assertThat(first.get("record").get("amount").asText()).isEqualTo("1.255");
        JsonNode unreadable = JSON.readTree(sent.get(3).value());
        assertThat(unreadable.has("record")).isFalse();
        assertThat(unreadable.get("raw").asText()).isEqualTo("4,\"{\"\"id\"\":\"\"c-4\"\"}\"\n");

        assertThat(receipt.mode()).isEqualTo("partial");
        assertThat(receipt.accepted()).isEqualTo(1);
        assertThat(receipt.rejected()).isEqualTo(3);
        assertThat(receipt.deadLetterTopic()).isEqualTo(Topics.INGEST_DLQ);
        assertThat(receipt.deadLetterPartitions()).hasSize(3);
        assertThat(receipt.errors()).extracting(RecordError::index).containsExactly(1L, 2L, 3L);
        assertThat(receipt.errorsTruncated()).isFalse();
    }

    @Test
    void anUnknownTableIsNotFoundBeforeTheBodyIsRead() {
        assertThatThrownBy(() -> ingestor(IngestLimits.DEFAULTS)
                        .ingest(
                                new IngestRequest(
                                        new TableId("sales", "nope"),
                                        BodyFormat.JSON,
                                        IngestMode.STRICT,
                                        Caller.of("p"),
                                        null,
                                        null),
                                new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(NoSuchTableException.class)
                .hasMessageContaining("sales.nope");
        assertThat(sent).isEmpty();
    }

    @Test
    void tooManyRecordsStopsReadingAndPublishesNothing() {
        IngestLimits two = new IngestLimits(1 << 20, 2, 1 << 20, 10, ValidationLimits.DEFAULTS);
        String body = "{\"order_id\": 1, \"customer\": {\"id\": \"c\"}}\n".repeat(3);
        assertThatThrownBy(() -> ingestor(two)
                        .ingest(
                                new IngestRequest(
                                        ORDERS, BodyFormat.NDJSON, IngestMode.PARTIAL, Caller.of("p"), null, null),
                                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(BatchValidator.TooManyRecordsException.class);
        assertThat(sent).isEmpty();
    }

    @Test
    void aRecordLargerThanTheLimitIsRejected() throws IOException {
        IngestLimits small = new IngestLimits(1 << 20, 10, 80, 10, ValidationLimits.DEFAULTS);
        IngestOutcome outcome = ingestor(small)
                .ingest(
                        new IngestRequest(ORDERS, BodyFormat.NDJSON, IngestMode.STRICT, Caller.of("p"), null, null),
                        new ByteArrayInputStream(
                                ("{\"order_id\": 1, \"customer\": {\"id\": \"" + "x".repeat(100) + "\"}}")
                                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(((IngestOutcome.Rejected) outcome).batch().errors(10))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("The record is larger than the limit of 80 bytes."));
    }

    @Test
    void strictModeReportsAtMostTheConfiguredNumberOfErrors() throws IOException {
        IngestLimits three = new IngestLimits(1 << 20, 100, 1 << 20, 3, ValidationLimits.DEFAULTS);
        IngestOutcome outcome = ingestor(three)
                .ingest(
                        new IngestRequest(ORDERS, BodyFormat.NDJSON, IngestMode.STRICT, Caller.of("p"), null, null),
                        new ByteArrayInputStream("{}\n".repeat(50).getBytes(StandardCharsets.UTF_8)));
        ValidatedBatch batch = ((IngestOutcome.Rejected) outcome).batch();
        assertThat(batch.rejectedCount()).isEqualTo(50);
        assertThat(batch.errors(3)).hasSize(3);
        assertThat(batch.violationCount()).isGreaterThan(3);
    }

    @Test
    void anEmptyArrayIsAnEmptyReceipt() throws IOException {
        Receipt receipt = ((IngestOutcome.Published) ingest(IngestMode.STRICT, BodyFormat.JSON, "[]")).receipt();
        assertThat(receipt.received()).isZero();
        assertThat(receipt.partitions()).isEmpty();
        assertThat(sent).isEmpty();
    }

    @Test
    void keysAreTheTextOfTheKeyFieldOrAbsent() throws IOException {
        IngestContract byOrder = new IngestContract(ORDERS, 1, SCHEMA, "order_id");
        StructValue value = new RecordValidator(ValidationLimits.DEFAULTS)
                .validate(JSON.readTree("{\"order_id\": 42, \"customer\": {\"id\": \"c\"}}"), SCHEMA)
                .value();
        assertThat(byOrder.keyValue(value)).isEqualTo(42L);
        assertThat(new IngestContract(ORDERS, 1, SCHEMA, null).keyValue(value)).isNull();
        assertThatThrownBy(() -> new IngestContract(ORDERS, 1, SCHEMA, "customer"))
                .hasMessageContaining("must have a primitive type");
        assertThatThrownBy(() -> new IngestContract(ORDERS, 1, SCHEMA, "nope"))
                .hasMessageContaining("not in the schema");
        Schema listed = new Schema(required(
                1,
                "items",
                Types.ListType.ofRequired(2, Types.StructType.of(required(3, "sku", Types.StringType.get())))));
        assertThatThrownBy(() -> new IngestContract(ORDERS, 1, listed, "items.element.sku"))
                .hasMessageContaining("inside a list or a map");
    }

    @Test
    void traceContextIsKeptWhenWellFormedAndStartedOtherwise() {
        assertThat(Ingestor.traceparent(TRACE)).isEqualTo(TRACE);
        assertThat(Ingestor.traceparent(null)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
        assertThat(Ingestor.traceparent("00-00000000000000000000000000000000-b7ad6b7169203331-01"))
                .isNotEqualTo("00-00000000000000000000000000000000-b7ad6b7169203331-01");
        assertThat(Ingestor.traceparent("garbage"))
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00")
                .isNotEqualTo("garbage");
    }

    IngestOutcome ingestAs(Caller caller, String key, IngestMode mode, BodyFormat format, String body)
            throws IOException {
        return ingestor(IngestLimits.DEFAULTS)
                .ingest(
                        new IngestRequest(ORDERS, format, mode, caller, key, TRACE),
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    static final String ONE = "{\"order_id\": 1, \"customer\": {\"id\": \"c-1\"}}";

    @Test
    void theSameKeyAndBodyReplayTheOriginalReceiptAndPublishNothingAgain() throws IOException {
        Receipt first = ((IngestOutcome.Published) ingestAs(ORDERS_APP, "k", IngestMode.STRICT, BodyFormat.JSON, ONE))
                .receipt();
        assertThat(sent).hasSize(1);
        IngestOutcome again = ingestAs(ORDERS_APP, "k", IngestMode.STRICT, BodyFormat.JSON, ONE);
        assertThat(again).isInstanceOf(IngestOutcome.Replayed.class);
        assertThat(((IngestOutcome.Replayed) again).receipt()).isEqualTo(first);
        assertThat(sent).as("nothing published by the retry").hasSize(1);
        assertThat(audited).extracting(AuditEvent::outcome).containsExactly("accepted", "replayed");
    }

    @Test
    void theSameKeyWithAnotherBodyModeOrMediaTypeIsAConflict() throws IOException {
        ingestAs(ORDERS_APP, "k", IngestMode.STRICT, BodyFormat.JSON, ONE);
        assertThatThrownBy(() -> ingestAs(ORDERS_APP, "k", IngestMode.STRICT, BodyFormat.JSON, ONE + " "))
                .isInstanceOf(IdempotencyException.class)
                .hasMessageContaining("'k'")
                .hasMessageContaining("different body");
        assertThatThrownBy(() -> ingestAs(ORDERS_APP, "k", IngestMode.PARTIAL, BodyFormat.JSON, ONE))
                .isInstanceOf(IdempotencyException.class);
        assertThatThrownBy(() -> ingestAs(ORDERS_APP, "k", IngestMode.STRICT, BodyFormat.NDJSON, ONE))
                .isInstanceOf(IdempotencyException.class);
        assertThat(sent).hasSize(1);
        // Keys belong to one producer: another producer's "k" is its own.
        ingestAs(Caller.of("p"), "k", IngestMode.STRICT, BodyFormat.JSON, ONE + " ");
        assertThat(sent).hasSize(2);
    }

    @Test
    void aKeyStillInFlightIsAConflictAndAFailedPublishReleasesIt() throws IOException {
        // The same request arrives again while the first is being published.
        List<Throwable> concurrent = new ArrayList<>();
        RecordPublisher reentrant = records -> {
            try {
                ingestAs(ORDERS_APP, "busy", IngestMode.STRICT, BodyFormat.JSON, ONE);
            } catch (Throwable e) {
                concurrent.add(e);
            }
            return memory.publish(records);
        };
        new Ingestor(
                        contracts,
                        new BatchValidator(IngestLimits.DEFAULTS),
                        reentrant,
                        new ContractInsertAuthorizer(),
                        keys,
                        budget,
                        audited::add,
                        Clock.systemUTC())
                .ingest(
                        new IngestRequest(ORDERS, BodyFormat.JSON, IngestMode.STRICT, ORDERS_APP, "busy", TRACE),
                        new ByteArrayInputStream(ONE.getBytes(StandardCharsets.UTF_8)));
        assertThat(concurrent)
                .singleElement()
                .isInstanceOf(IdempotencyException.class)
                .satisfies(e -> assertThat(e).hasMessageContaining("still being processed"));
        assertThat(sent).as("published once").hasSize(1);

        RecordPublisher down = records -> {
            throw new RecordPublisher.PublishUnavailableException("down", null);
        };
        Ingestor failing = new Ingestor(
                contracts,
                new BatchValidator(IngestLimits.DEFAULTS),
                down,
                new ContractInsertAuthorizer(),
                keys,
                budget,
                audited::add,
                Clock.systemUTC());
        assertThatThrownBy(() -> failing.ingest(
                        new IngestRequest(ORDERS, BodyFormat.JSON, IngestMode.STRICT, ORDERS_APP, "retry-me", TRACE),
                        new ByteArrayInputStream(ONE.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(RecordPublisher.PublishUnavailableException.class);
        assertThat(ingestAs(ORDERS_APP, "retry-me", IngestMode.STRICT, BodyFormat.JSON, ONE))
                .isInstanceOf(IngestOutcome.Published.class);
    }

    @Test
    void withoutAKeyTheStoreIsNotNeededAndWithOneItsOutageFailsBeforePublishing() throws IOException {
        keys.down = true;
        assertThat(ingestAs(ORDERS_APP, null, IngestMode.STRICT, BodyFormat.JSON, ONE))
                .isInstanceOf(IngestOutcome.Published.class);
        assertThatThrownBy(() -> ingestAs(ORDERS_APP, "k", IngestMode.STRICT, BodyFormat.JSON, ONE))
                .isInstanceOf(IdempotencyStore.StoreUnavailableException.class);
        assertThat(sent).hasSize(1);
    }

    @Test
    void onlyTheContractsProducersMayInsertAndADenialIsAudited() throws IOException {
        Caller stranger = new Caller("billing-app", "service-account-billing-app", "b-1");
        assertThatThrownBy(() -> ingestAs(stranger, null, IngestMode.STRICT, BodyFormat.JSON, ONE))
                .isInstanceOf(InsertAuthorizer.InsertDeniedException.class)
                .hasMessageContaining("billing-app")
                .hasMessageContaining("sales.orders");
        assertThat(sent).isEmpty();
        assertThat(audited).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo("denied");
            assertThat(event.principal()).isEqualTo("service-account-billing-app");
            assertThat(event.client()).isEqualTo("billing-app");
            assertThat(event.resource()).isEqualTo("table:sales.orders");
            assertThat(event.receiptId()).isNull();
        });
    }

    @Test
    void theProducerListMatchesClientUserOrSubjectAndStarAdmitsAnyone() {
        ContractInsertAuthorizer authorizer = new ContractInsertAuthorizer();
        IngestContract byUser = new IngestContract(ORDERS, 1, SCHEMA, null, List.of("ada"));
        assertThat(authorizer.decide(new Caller("cli", "ada", "s"), byUser).allowed())
                .isTrue();
        assertThat(authorizer.decide(new Caller("cli", "bob", "ada"), byUser).allowed())
                .isTrue();
        assertThat(authorizer.decide(new Caller("ada", null, null), byUser).allowed())
                .isTrue();
        assertThat(authorizer.decide(new Caller("cli", "ADA", "s"), byUser).allowed())
                .as("case-sensitive")
                .isFalse();
        assertThat(authorizer
                        .decide(Caller.of("anyone"), new IngestContract(ORDERS, 1, SCHEMA, null, List.of("*")))
                        .allowed())
                .isTrue();
        InsertAuthorizer.Decision none =
                authorizer.decide(Caller.of("ada"), new IngestContract(ORDERS, 1, SCHEMA, null));
        assertThat(none.allowed()).isFalse();
        assertThat(none.reason()).contains("names no producers").contains("ada").contains("sales.orders");
    }

    @Test
    void anAcceptedRequestIsAuditedWithCountsReceiptKeyAndTrace() throws IOException {
        Receipt receipt = ((IngestOutcome.Published) ingest(IngestMode.STRICT, BodyFormat.JSON, ONE)).receipt();
        assertThat(audited).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("ingest.records.write");
            assertThat(event.outcome()).isEqualTo("accepted");
            assertThat(event.principal()).isEqualTo("service-account-orders-app");
            assertThat(event.client()).isEqualTo("orders-app");
            assertThat(event.accepted()).isEqualTo(1);
            assertThat(event.receiptId()).isEqualTo(receipt.receiptId());
            assertThat(event.idempotencyKey()).isEqualTo("key-1");
            assertThat(event.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(event.time()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        });
    }

    @Test
    void aRequestThatDoesNotFitTheInFlightBudgetFailsAndGivesItBack() throws IOException {
        budget = new InFlightBudget(1000, 2);
        String three = (ONE + "\n").repeat(3);
        assertThatThrownBy(() -> ingestAs(ORDERS_APP, null, IngestMode.STRICT, BodyFormat.NDJSON, three))
                .isInstanceOf(InFlightBudget.OverloadedException.class)
                .hasMessageContaining("records");
        assertThat(budget.recordsInFlight()).isZero();
        assertThat(budget.bytesInFlight()).isZero();
        String big = "[" + String.join(",", java.util.Collections.nCopies(1, ONE)) + "]" + " ".repeat(1000);
        assertThatThrownBy(() -> ingestAs(ORDERS_APP, null, IngestMode.STRICT, BodyFormat.JSON, big))
                .isInstanceOf(InFlightBudget.OverloadedException.class)
                .hasMessageContaining("bytes");
        assertThat(sent).isEmpty();
        assertThat(budget.bytesInFlight()).isZero();

        try (InFlightBudget.Reservation held = budget.open()) {
            held.reserveBytes(990);
            assertThatThrownBy(() -> ingestor(IngestLimits.DEFAULTS)
                            .ingest(
                                    new IngestRequest(
                                            ORDERS,
                                            BodyFormat.JSON,
                                            IngestMode.STRICT,
                                            ORDERS_APP,
                                            null,
                                            TRACE,
                                            ONE.length()),
                                    new ByteArrayInputStream(ONE.getBytes(StandardCharsets.UTF_8))))
                    .as("a declared length that does not fit is refused before reading")
                    .isInstanceOf(InFlightBudget.OverloadedException.class);
        }
        assertThat(ingestAs(ORDERS_APP, null, IngestMode.STRICT, BodyFormat.NDJSON, ONE))
                .isInstanceOf(IngestOutcome.Published.class);
        assertThat(budget.bytesInFlight()).isZero();
    }
}
