package io.tributary.ingest.core;

import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.Uuid7;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The producer API's one use case: look up the table's contract, check the caller's INSERT grant, check every record
 * of a body against the contract (holding in-flight budget as it is read), honour the Idempotency-Key, publish what
 * may be published, and answer with a receipt only once Kafka has acknowledged it all; then audit it.
 */
public final class Ingestor {

    public static final String JSON_CONTENT_TYPE = "application/json";
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(Ingestor.class);

    private final ContractSource contracts;
    private final BatchValidator validator;
    private final RecordPublisher publisher;
    private final InsertAuthorizer authorizer;
    private final IdempotencyStore idempotency;
    private final InFlightBudget budget;
    private final AuditSink audit;
    private final Clock clock;

    public Ingestor(
            ContractSource contracts,
            BatchValidator validator,
            RecordPublisher publisher,
            InsertAuthorizer authorizer,
            IdempotencyStore idempotency,
            InFlightBudget budget,
            AuditSink audit,
            Clock clock) {
        this.contracts = contracts;
        this.validator = validator;
        this.publisher = publisher;
        this.authorizer = authorizer;
        this.idempotency = idempotency;
        this.budget = budget;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @throws IllegalArgumentException                     when the table's name cannot name a Kafka topic
     * @throws NoSuchTableException                         when the table has no contract
     * @throws InsertAuthorizer.InsertDeniedException       when the caller holds no INSERT grant on the table
     * @throws InFlightBudget.OverloadedException           when the service holds as much as it may; nothing published
     * @throws IdempotencyException                         when the key was used with another body, or is in flight
     * @throws IdempotencyStore.StoreUnavailableException   when a key is given and its store cannot be reached
     */
    public IngestOutcome ingest(IngestRequest request, InputStream body) throws IOException {
        Admitted admitted = admit(request);
        try (InFlightBudget.Reservation reservation = budget.open()) {
            return ingest(request, admitted, reservation.meter(body, request.declaredLength()), reservation);
        }
    }

    /**
     * The same for a body the caller has already received whole, its bytes reserved in {@code reservation} as they
     * arrived; the records read from it are reserved there too. The caller closes the reservation once the answer is
     * given.
     */
    public IngestOutcome ingestReceived(IngestRequest request, InputStream body, InFlightBudget.Reservation reservation)
            throws IOException {
        return ingest(request, admit(request), body, reservation);
    }

    private record Admitted(String topic, IngestContract contract, String traceparent) {}

    private Admitted admit(IngestRequest request) {
        String topic =
                Topics.ingest(request.table().namespace(), request.table().name());
        IngestContract contract =
                contracts.find(request.table()).orElseThrow(() -> new NoSuchTableException(request.table()));
        String traceparent = traceparent(request.traceparent());
        InsertAuthorizer.Decision decision = authorizer.decide(request.caller(), contract);
        if (!decision.allowed()) {
            audit.record(auditEvent(request, "denied", 0, 0, 0, null, traceparent, decision.reason()));
            throw new InsertAuthorizer.InsertDeniedException(
                    request.table(), request.caller().producer(), decision.reason());
        }
        return new Admitted(topic, contract, traceparent);
    }

    private IngestOutcome ingest(
            IngestRequest request, Admitted admitted, InputStream body, InFlightBudget.Reservation reservation)
            throws IOException {
        String topic = admitted.topic();
        IngestContract contract = admitted.contract();
        String traceparent = admitted.traceparent();
        // The fingerprint is only needed to match an Idempotency-Key's earlier body; hashing costs a few % of CPU.
        MessageDigest sha256 = request.idempotencyKey() != null ? sha256(request) : null;
        InputStream metered = body;
        if (sha256 != null) {
            metered = new DigestInputStream(metered, sha256);
        }
        // Readers close their input at the end; the rest of the body must still be readable for the fingerprint.
        InputStream unclosable = new FilterInputStream(metered) {
            @Override
            public void close() {}
        };
        ValidatedBatch batch =
                validator.validate(unclosable, request.format(), contract, request.mode(), reservation::reserveRecord);
        if (request.mode() == IngestMode.STRICT && batch.rejectedCount() > 0) {
            return new IngestOutcome.Rejected(contract, batch);
        }

        IdempotencyStore.Key key = null;
        if (request.idempotencyKey() != null) {
            metered.transferTo(OutputStream.nullOutputStream()); // the fingerprint covers every byte received
            key = new IdempotencyStore.Key(request.producer(), request.table(), request.idempotencyKey());
            IdempotencyStore.Claim claim = idempotency.claim(key, sha256.digest());
            if (claim instanceof IdempotencyStore.Replay replay) {
                Receipt receipt = replay.receipt();
                audit.record(auditEvent(
                        request,
                        "replayed",
                        receipt.received(),
                        receipt.accepted(),
                        receipt.rejected(),
                        receipt.receiptId(),
                        traceparent,
                        null));
                return new IngestOutcome.Replayed(receipt);
            } else if (claim instanceof IdempotencyStore.Mismatch) {
                throw new IdempotencyException(
                        request.idempotencyKey(),
                        "Idempotency-Key '" + request.idempotencyKey()
                                + "' was already used for " + request.table()
                                + " with a different body, media type or mode; "
                                + "use a new key for a new request. Nothing was published.");
            } else if (claim instanceof IdempotencyStore.InFlight) {
                throw new IdempotencyException(
                        request.idempotencyKey(),
                        "A request with Idempotency-Key '"
                                + request.idempotencyKey() + "' for " + request.table()
                                + " is still being processed; "
                                + "retry once it has finished to get its receipt. Nothing was published.");
            }
        }

        Receipt receipt;
        try {
            receipt = publish(request, contract, topic, batch, traceparent);
        } catch (RuntimeException e) {
            if (key != null) {
                releaseQuietly(key, e);
            }
            throw e;
        }
        if (key != null) {
            try {
                idempotency.complete(key, receipt);
            } catch (RuntimeException e) {
                // The records are durable and the producer gets its receipt; only a later replay is lost.
                LOG.errorf(
                        "Could not store the receipt of Idempotency-Key %s for %s: %s",
                        request.idempotencyKey(), request.table(), e.toString());
            }
        }
        audit.record(auditEvent(
                request,
                "accepted",
                receipt.received(),
                receipt.accepted(),
                receipt.rejected(),
                receipt.receiptId(),
                traceparent,
                null));
        return new IngestOutcome.Published(receipt);
    }

    private Receipt publish(
            IngestRequest request, IngestContract contract, String topic, ValidatedBatch batch, String traceparent) {
        UUID receiptId = Uuid7.next();
        Map<String, String> headers = headers(request, contract, traceparent);
        List<RecordPublisher.Outgoing> outgoing =
                new ArrayList<>(batch.accepted().size() + batch.rejected().size());
        for (AcceptedRecord record : batch.accepted()) {
            outgoing.add(new RecordPublisher.Outgoing(topic, record.key(), record.value(), headers));
        }
        byte[] tableKey = contract.table().toString().getBytes(StandardCharsets.UTF_8);
        for (RejectedRecord record : batch.rejected()) {
            byte[] letter =
                    DeadLetters.value(record, contract, receiptId, request.producer(), traceparent, clock.instant());
            outgoing.add(new RecordPublisher.Outgoing(Topics.INGEST_DLQ, tableKey, letter, headers));
        }
        List<RecordPublisher.PartitionRange> ranges = outgoing.isEmpty() ? List.of() : publisher.publish(outgoing);

        int maxErrors = validator.limits().maxReportedErrors();
        boolean anyRejected = !batch.rejected().isEmpty();
        return new Receipt(
                receiptId,
                contract.table().toString(),
                contract.version(),
                request.mode().label(),
                batch.received(),
                batch.acceptedCount(),
                batch.rejectedCount(),
                topic,
                offsets(ranges, topic),
                anyRejected ? Topics.INGEST_DLQ : null,
                anyRejected ? offsets(ranges, Topics.INGEST_DLQ) : null,
                anyRejected ? batch.errors(maxErrors) : null,
                anyRejected ? batch.violationCount() > maxErrors : null);
    }

    private void releaseQuietly(IdempotencyStore.Key key, RuntimeException cause) {
        try {
            idempotency.release(key);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private AuditEvent auditEvent(
            IngestRequest request,
            String outcome,
            long received,
            long accepted,
            long rejected,
            UUID receiptId,
            String traceparent,
            String reason) {
        Caller caller = request.caller();
        return new AuditEvent(
                caller.principal(),
                caller.clientId(),
                AuditEvent.ACTION,
                AuditEvent.resource(request.table()),
                outcome,
                received,
                accepted,
                rejected,
                receiptId,
                request.idempotencyKey(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                traceparent.substring(3, 35),
                reason);
    }

    private static MessageDigest sha256(IngestRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.format().mediaType() + "\n" + request.mode().label() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Map<String, String> headers(IngestRequest request, IngestContract contract, String traceparent) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EventHeaders.CONTENT_TYPE, JSON_CONTENT_TYPE);
        headers.put(EventHeaders.CONTRACT_VERSION, Integer.toString(contract.version()));
        headers.put(EventHeaders.PRODUCER, request.producer());
        if (request.idempotencyKey() != null) {
            headers.put(EventHeaders.IDEMPOTENCY_KEY, request.idempotencyKey());
        }
        headers.put(EventHeaders.TRACEPARENT, traceparent);
        return headers;
    }

    /** The caller's trace context when it is well-formed; otherwise a new trace, so the records can still be followed. */
    static String traceparent(String given) {
        if (given != null
                && TRACEPARENT.matcher(given).matches()
                && !given.startsWith("ff")
                && !given.substring(3, 35).matches("0+")
                && !given.substring(36, 52).matches("0+")) {
            return given;
        }
        byte[] ids = new byte[24];
        RANDOM.nextBytes(ids);
        String hex = HexFormat.of().formatHex(ids);
        return "00-" + hex.substring(0, 32) + "-" + hex.substring(32) + "-00";
    }

    private static List<Receipt.PartitionOffsets> offsets(List<RecordPublisher.PartitionRange> ranges, String topic) {
        return ranges.stream()
                .filter(r -> r.topic().equals(topic))
                .map(r -> new Receipt.PartitionOffsets(r.partition(), r.firstOffset(), r.lastOffset(), r.records()))
                .toList();
    }
}
