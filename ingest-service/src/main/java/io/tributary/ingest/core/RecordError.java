package io.tributary.ingest.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tributary.ingest.core.body.Violation;

/**
 * One violation of one record, as a producer reads it in a 422 response or a partial receipt.
 *
 * @param index the record's 0-based position in the request body
 * @param line  the body line where the record starts, for NDJSON and CSV bodies and JSON arrays; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordError(long index, Long line, String pointer, String expected, String actual, String message) {

    static RecordError of(RejectedRecord record, Violation violation) {
        return new RecordError(
                record.index(),
                record.line() > 0 ? record.line() : null,
                violation.pointer(),
                violation.expected(),
                violation.actual(),
                violation.message());
    }
}
