package io.tributary.ingest.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.ingest.core.body.Violation;
import java.util.List;

/**
 * A record that broke the contract, with what the dead-letter topic needs to show it.
 *
 * @param record the record as sent, when it could be read; null in strict mode, where it is not kept
 * @param raw    its text when it could not be read
 */
public record RejectedRecord(long index, long line, List<Violation> violations, JsonNode record, String raw) {}
