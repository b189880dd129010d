package io.tributary.ingest.core;

import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.Uuid7;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The producer API's one use case: look up the table's contract, check every record of a body against it, publish
 * what may be published, and answer with a receipt only once Kafka has acknowledged it all.
 */
public final class Ingestor {

    public static final String JSON_CONTENT_TYPE = "application/json";
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContractSource contracts;
    private final BatchValidator validator;
    private final RecordPublisher publisher;
    private final Clock clock;

    public Ingestor(ContractSource contracts, BatchValidator validator, RecordPublisher publisher, Clock clock) {
        this.contracts = contracts;
        this.validator = validator;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * @throws IllegalArgumentException when the table's name cannot name a Kafka topic
     * @throws NoSuchTableException     when the table has no contract
     */
    public IngestOutcome ingest(IngestRequest request, InputStream body) throws IOException {
        String topic = Topics.ingest(request.table().namespace(), request.table().name());
        IngestContract contract = contracts.find(request.table()).orElseThrow(() -> new NoSuchTableException(request.table()));
        ValidatedBatch batch = validator.validate(body, request.format(), contract, request.mode());
        if (request.mode() == IngestMode.STRICT && batch.rejectedCount() > 0) {
            return new IngestOutcome.Rejected(contract, batch);
        }

        UUID receiptId = Uuid7.next();
        Map<String, String> headers = headers(request, contract);
        List<RecordPublisher.Outgoing> outgoing = new ArrayList<>(batch.accepted().size() + batch.rejected().size());
        for (AcceptedRecord record : batch.accepted()) {
            outgoing.add(new RecordPublisher.Outgoing(topic, record.key(), record.value(), headers));
        }
        byte[] tableKey = contract.table().toString().getBytes(StandardCharsets.UTF_8);
        for (RejectedRecord record : batch.rejected()) {
            byte[] letter = DeadLetters.value(record, contract, receiptId, request.producer(), clock.instant());
            outgoing.add(new RecordPublisher.Outgoing(Topics.INGEST_DLQ, tableKey, letter, headers));
        }
        List<RecordPublisher.PartitionRange> ranges = outgoing.isEmpty() ? List.of() : publisher.publish(outgoing);

        int maxErrors = validator.limits().maxReportedErrors();
        boolean anyRejected = !batch.rejected().isEmpty();
        return new IngestOutcome.Published(new Receipt(receiptId, contract.table().toString(), contract.version(),
                request.mode().label(), batch.received(), batch.acceptedCount(), batch.rejectedCount(), topic,
                offsets(ranges, topic), anyRejected ? Topics.INGEST_DLQ : null,
                anyRejected ? offsets(ranges, Topics.INGEST_DLQ) : null,
                anyRejected ? batch.errors(maxErrors) : null,
                anyRejected ? batch.violationCount() > maxErrors : null));
    }

    private static Map<String, String> headers(IngestRequest request, IngestContract contract) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EventHeaders.CONTENT_TYPE, JSON_CONTENT_TYPE);
        headers.put(EventHeaders.CONTRACT_VERSION, Integer.toString(contract.version()));
        headers.put(EventHeaders.PRODUCER, request.producer());
        if (request.idempotencyKey() != null) {
            headers.put(EventHeaders.IDEMPOTENCY_KEY, request.idempotencyKey());
        }
        headers.put(EventHeaders.TRACEPARENT, traceparent(request.traceparent()));
        return headers;
    }

    /** The caller's trace context when it is well-formed; otherwise a new trace, so the records can still be followed. */
    static String traceparent(String given) {
        if (given != null && TRACEPARENT.matcher(given).matches() && !given.startsWith("ff")
                && !given.substring(3, 35).matches("0+") && !given.substring(36, 52).matches("0+")) {
            return given;
        }
        byte[] ids = new byte[24];
        RANDOM.nextBytes(ids);
        String hex = HexFormat.of().formatHex(ids);
        return "00-" + hex.substring(0, 32) + "-" + hex.substring(32) + "-00";
    }

    private static List<Receipt.PartitionOffsets> offsets(List<RecordPublisher.PartitionRange> ranges, String topic) {
        return ranges.stream().filter(r -> r.topic().equals(topic))
                .map(r -> new Receipt.PartitionOffsets(r.partition(), r.firstOffset(), r.lastOffset(), r.records()))
                .toList();
    }
}
