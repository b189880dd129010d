package io.tributary.ingest.core.body;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record as read from a body: already checked and encoded, or as a tree for the full check.
 *
 * @param index   0-based position among the body's records
 * @param line    1-based line of the body where the record starts; 0 for a JSON body read as one document
 * @param value   the record as a tree, or null when it could not be read (then {@code problem} says why) or when it
 *                is already {@code encoded}
 * @param form    how its top-level values are written
 * @param problem why the record could not be read; null when it could
 * @param raw     the record's text when it could not be read, trimmed, for the dead-letter topic
 * @param encoded the record checked and encoded by a {@link RecordEncoder} while it was read; null when it takes the
 *                full check
 */
public record ParsedRecord(
        long index,
        long line,
        JsonNode value,
        ValueForm form,
        Violation problem,
        String raw,
        RecordEncoder.Encoded encoded) {

    static final int RAW_KEPT = 4096;

    static ParsedRecord of(long index, long line, JsonNode value, ValueForm form) {
        return new ParsedRecord(index, line, value, form, null, null, null);
    }

    static ParsedRecord encoded(long index, long line, RecordEncoder.Encoded encoded) {
        return new ParsedRecord(index, line, null, ValueForm.JSON, null, null, encoded);
    }

    static ParsedRecord unreadable(long index, long line, Violation problem, String raw) {
        return new ParsedRecord(
                index,
                line,
                null,
                ValueForm.JSON,
                problem,
                raw.length() > RAW_KEPT ? raw.substring(0, RAW_KEPT) : raw,
                null);
    }
}
