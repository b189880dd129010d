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

/**
 * {@code application/json}: one object, or an array of objects read element by element so that the array is never
 * held whole. A syntax error hides where the next record starts, so it fails the whole body.
 */
final class JsonRecordReader implements RecordReader {

    private final ObjectReader json;
    private final JsonParser parser;
    private final int maxDepth;
    private long index;
    private boolean started;
    private boolean done;

    JsonRecordReader(InputStream body, JsonMapper json, int maxDepth) throws IOException {
        // Elements of an array are read one at a time, so the rest of the array is not "trailing" content.
        this.json = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxDepth = maxDepth;
        this.parser = json.createParser(new Utf8Reader(body));
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
                    JsonNode record = json.readTree(parser);
                    expectEnd();
                    return ParsedRecord.of(index++, 0, record, ValueForm.JSON);
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
            JsonNode record = json.readTree(parser);
            return ParsedRecord.of(index++, line, record, ValueForm.JSON);
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

    private void expectEnd() throws IOException {
        done = true;
        if (parser.nextToken() != null) {
            throw new MalformedBodyException("The body has more after its JSON value, at line "
                    + parser.currentTokenLocation().getLineNr() + "; send one object or one array.");
        }
    }
}
