package io.tributary.ingest.core.body;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Arrays;

/**
 * {@code application/json}: one object, or an array of objects read element by element so that the array is never
 * held whole. A syntax error hides where the next record starts, so it fails the whole body.
 */
final class JsonRecordReader implements RecordReader {

    private final ObjectReader json;
    private final JsonParser parser;
    private final int maxDepth;
    private final RecordEncoder encoder;
    private final KeptReader kept;
    private long index;
    private boolean started;
    private boolean done;

    JsonRecordReader(InputStream body, JsonMapper json, int maxDepth, RecordEncoder encoder) throws IOException {
        // Elements of an array are read one at a time, so the rest of the array is not "trailing" content.
        this.json = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxDepth = maxDepth;
        this.encoder = encoder;
        Reader text = new Utf8Reader(body);
        this.kept = encoder == null ? null : new KeptReader(text);
        this.parser = json.createParser(kept == null ? text : kept);
    }

    @Override
    public ParsedRecord next() throws IOException {
        if (done) {
            return null;
        }
        try {
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first == JsonToken.START_OBJECT) {
                    ParsedRecord record = record(0);
                    expectEnd();
                    return record;
                } else if (first != JsonToken.START_ARRAY) {
                    throw new MalformedBodyException(
                            first == null
                                    ? "The body is empty; send a JSON object or an array of objects."
                                    : "The body must be a JSON object or an array of JSON objects.");
                }
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                expectEnd();
                return null;
            }
            long line = parser.currentTokenLocation().getLineNr();
            return record(line);
        } catch (StreamConstraintsException e) {
            throw new MalformedBodyException(
                    "Record " + index + " nests deeper than the limit of " + maxDepth + " levels.");
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new MalformedBodyException("The body is not valid JSON"
                    + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
                    + " (record " + index + "): " + e.getOriginalMessage());
        }
    }

    /** The record whose first token is current: checked and encoded in one pass when it can be, else as a tree. */
    private ParsedRecord record(long line) throws IOException {
        if (encoder == null) {
            JsonNode record = json.readTree(parser);
            return ParsedRecord.of(index++, line, record, ValueForm.JSON);
        }
        long start = parser.currentTokenLocation().getCharOffset();
        kept.keepFrom(start);
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return ParsedRecord.of(index++, line, json.readTree(parser), ValueForm.JSON);
        }
        RecordEncoder.Encoded encoded = encoder.json(parser);
        if (encoded != null) {
            return ParsedRecord.encoded(index++, line, encoded);
        }
        // Read to its end without error, so its text parses again: as a tree, for the full check.
        long end = parser.currentTokenLocation().getCharOffset() + 1;
        JsonNode record = json.readTree(kept.text(start, end));
        return ParsedRecord.of(index++, line, record, ValueForm.JSON);
    }

    private void expectEnd() throws IOException {
        done = true;
        if (parser.nextToken() != null) {
            throw new MalformedBodyException("The body has more after its JSON value, at line "
                    + parser.currentTokenLocation().getLineNr() + "; send one object or one array.");
        }
    }

    /**
     * Keeps the characters the parser has read since the start of the current record, so that a record the encoder
     * does not accept can be read again as a tree. Holds about one record plus the parser's read-ahead.
     */
    private static final class KeptReader extends Reader {
        private final Reader in;
        private char[] kept = new char[16 * 1024];
        /** The body offset of {@code kept[0]}. */
        private long base;

        private int length;
        /** The body offset of the first character still needed. */
        private long from;

        KeptReader(Reader in) {
            this.in = in;
        }

        void keepFrom(long offset) {
            from = offset;
        }

        String text(long start, long end) {
            return new String(kept, (int) (start - base), (int) (end - start));
        }

        @Override
        public int read(char[] buffer, int offset, int count) throws IOException {
            int n = in.read(buffer, offset, count);
            if (n > 0) {
                if (length + n > kept.length) {
                    int drop = (int) (from - base);
                    System.arraycopy(kept, drop, kept, 0, length - drop);
                    length -= drop;
                    base = from;
                    if (length + n > kept.length) {
                        kept = Arrays.copyOf(kept, Math.max(kept.length * 2, length + n));
                    }
                }
                System.arraycopy(buffer, offset, kept, length, n);
                length += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
