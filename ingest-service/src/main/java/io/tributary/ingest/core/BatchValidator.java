package io.tributary.ingest.core;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tributary.ingest.core.body.BodyFormat;
import io.tributary.ingest.core.body.ParsedRecord;
import io.tributary.ingest.core.body.RecordReader;
import io.tributary.ingest.core.body.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Reads a whole body record by record and checks each against the contract. Records are checked and encoded in the
 * same pass as they are read ({@link OnePassEncoder}); a record that pass does not accept is read as a tree and takes
 * the full check of {@link RecordValidator}, which words its violations.
 */
public final class BatchValidator {

    private final RecordValidator validator;
    private final JsonMapper json;
    private final IngestLimits limits;
    /** Worked out once per contract; a refreshed contract is a new key, and an unused one is dropped by the GC. */
    private final Map<IngestContract, OnePassEncoder.Plan> plans = Collections.synchronizedMap(new WeakHashMap<>());

    public BatchValidator(IngestLimits limits) {
        this.limits = limits;
        this.validator = new RecordValidator(limits.validation());
        this.json = IngestJson.mapper(limits.validation().maxDepth());
    }

    public IngestLimits limits() {
        return limits;
    }

    /**
     * @throws TooManyRecordsException               past {@link IngestLimits#maxRecords()}
     * @throws io.tributary.ingest.core.body.MalformedBodyException when the body cannot be read as a whole
     * @throws io.tributary.ingest.core.body.BodyTooLargeException  when the body stream is cut off by its limit
     */
    public ValidatedBatch validate(InputStream body, BodyFormat format, IngestContract contract, IngestMode mode)
            throws IOException {
        return validate(body, format, contract, mode, () -> {});
    }

    /**
     * @param onRecord called for each record before it is checked or kept; it may throw to stop the read (used to
     *                 reserve in-flight budget)
     */
    public ValidatedBatch validate(
            InputStream body, BodyFormat format, IngestContract contract, IngestMode mode, Runnable onRecord)
            throws IOException {
        OnePassEncoder.Plan plan = plans.computeIfAbsent(contract, OnePassEncoder.Plan::new);
        OnePassEncoder encoder = new OnePassEncoder(plan, validator, json.getFactory(), limits.maxRecordBytes());
        RecordReader reader =
                format.open(body, contract.schema(), json, limits.validation().maxDepth(), encoder);
        List<AcceptedRecord> accepted = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        long acceptedCount = 0;
        long rejectedCount = 0;
        long keptViolations = 0;
        for (ParsedRecord record = reader.next(); record != null; record = reader.next()) {
            if (record.index() >= limits.maxRecords()) {
                throw new TooManyRecordsException(limits.maxRecords());
            }
            onRecord.run();
            List<Violation> violations;
            if (record.encoded() != null) {
                // Within maxRecordBytes, or the encoder would have left it to the full check.
                acceptedCount++;
                if (mode == IngestMode.PARTIAL || rejectedCount == 0) {
                    accepted.add(new AcceptedRecord(
                            record.index(),
                            record.encoded().key(),
                            record.encoded().value()));
                }
                continue;
            } else if (record.problem() != null) {
                violations = List.of(record.problem());
            } else {
                Validation validation = validator.validate(record.value(), contract.schema(), record.form());
                violations = validation.violations();
                if (validation.isValid()) {
                    byte[] value = RecordJson.write(validation.value());
                    if (value.length <= limits.maxRecordBytes()) {
                        acceptedCount++;
                        // Once a strict request has failed its valid records will not be sent; stop holding them.
                        if (mode == IngestMode.PARTIAL || rejectedCount == 0) {
                            accepted.add(new AcceptedRecord(record.index(), key(contract, validation.value()), value));
                        }
                        continue;
                    }
                    violations = List.of(new Violation(
                            "",
                            "at most " + limits.maxRecordBytes() + " bytes of JSON",
                            value.length + " bytes",
                            "The record is larger than the limit of " + limits.maxRecordBytes() + " bytes."));
                }
            }
            rejectedCount++;
            if (mode == IngestMode.PARTIAL) {
                rejected.add(
                        new RejectedRecord(record.index(), record.line(), violations, record.value(), record.raw()));
            } else {
                accepted.clear();
                if (keptViolations < limits.maxReportedErrors()) {
                    rejected.add(new RejectedRecord(record.index(), record.line(), violations, null, null));
                    keptViolations += violations.size();
                }
            }
        }
        return new ValidatedBatch(List.copyOf(accepted), List.copyOf(rejected), acceptedCount, rejectedCount);
    }

    private static byte[] key(IngestContract contract, StructValue record) {
        Object key = contract.keyValue(record);
        return key == null ? null : RecordJson.text(contract.keyType(), key).getBytes(StandardCharsets.UTF_8);
    }

    /** More records in one request than allowed. */
    public static class TooManyRecordsException extends RuntimeException {
        private final int limit;

        public TooManyRecordsException(int limit) {
            super("The body holds more than the limit of " + limit + " records; split it into several requests.");
            this.limit = limit;
        }

        public int limit() {
            return limit;
        }
    }
}
