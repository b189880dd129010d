package io.tributary.ingest.core;

import io.tributary.ingest.core.body.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Every record of a request, checked.
 *
 * @param accepted      the valid records, in body order; empty in strict mode once any record is rejected
 * @param rejected      the rejected records; in strict mode only as many as it takes to report
 *                      {@code maxReportedErrors} violations
 * @param acceptedCount how many records were valid
 * @param rejectedCount how many records were not
 */
public record ValidatedBatch(
        List<AcceptedRecord> accepted, List<RejectedRecord> rejected, long acceptedCount, long rejectedCount) {

    public long received() {
        return acceptedCount + rejectedCount;
    }

    /** The violations of the rejected records, one entry per violation, at most {@code limit} of them. */
    public List<RecordError> errors(int limit) {
        List<RecordError> errors = new ArrayList<>();
        for (RejectedRecord record : rejected) {
            for (Violation violation : record.violations()) {
                if (errors.size() == limit) {
                    return errors;
                }
                errors.add(RecordError.of(record, violation));
            }
        }
        return errors;
    }

    public long violationCount() {
        return rejected.stream().mapToLong(r -> r.violations().size()).sum();
    }
}
