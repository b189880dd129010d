package io.tributary.ingest.core.body;

import java.io.IOException;

/** Reads a request body one record at a time, never holding more than one record's text. */
public interface RecordReader {

    /**
     * The next record, or null after the last.
     *
     * @throws MalformedBodyException when the body is broken in a way that hides where records start
     * @throws BodyTooLargeException  when the body grows past its limit
     */
    ParsedRecord next() throws IOException;
}
