package io.tributary.ingest.core.body;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.List;

/**
 * Checks a record against its contract while it is read and writes its Kafka value in the same pass. It only ever
 * accepts: a record it cannot vouch for (a violation, or a form it does not handle) yields null, and the reader then
 * hands the record over as a tree for the full check, which words every violation.
 */
public interface RecordEncoder {

    /**
     * A record that passed its contract.
     *
     * @param value the Kafka value, exactly as {@code RecordJson} writes it
     * @param key   the UTF-8 text of the contract's key field, or null
     */
    record Encoded(byte[] value, byte[] key) {}

    /**
     * Reads one record from {@code parser}, whose current token is its START_OBJECT, through its END_OBJECT. Every
     * scalar is read as a tree reader reads it, so a body fails at the same token and with the same error either
     * way, and the record is read to its end even when it is not accepted.
     *
     * @return the record, or null when it needs the full check
     */
    Encoded json(JsonParser parser) throws IOException;

    /**
     * One CSV row whose values are named by {@code header}; a null value is an empty unquoted cell.
     *
     * @return the record, or null when it needs the full check
     */
    Encoded text(List<String> header, List<String> values);
}
