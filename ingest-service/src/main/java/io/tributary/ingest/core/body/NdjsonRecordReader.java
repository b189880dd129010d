package io.tributary.ingest.core.body;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code application/x-ndjson}: one JSON object per line, read line by line. Lines are split on the byte 0x0A,
 * which never occurs inside a multi-byte UTF-8 sequence, so each line is decoded on its own and a bad line (not
 * UTF-8, a NUL, not JSON) is one bad record rather than a bad body. Blank lines are skipped.
 */
final class NdjsonRecordReader implements RecordReader {

    private final InputStream body;
    private final JsonMapper json;
    private final int maxDepth;
    private final RecordEncoder encoder;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean eof;
    private byte[] line = new byte[1024];
    private int lineLength;
    private long lineNumber;
    private long index;

    NdjsonRecordReader(InputStream body, JsonMapper json, int maxDepth, RecordEncoder encoder) {
        this.body = body;
        this.json = json;
        this.maxDepth = maxDepth;
        this.encoder = encoder;
    }

    @Override
    public ParsedRecord next() throws IOException {
        while (readLine()) {
            lineNumber++;
            int start = lineNumber == 1 && startsWithBom() ? 3 : 0;
            int end = lineLength;
            if (end > start && line[end - 1] == '\r') {
                end--;
            }
            if (!blank(start, end)) {
                return parse(start, end);
            }
        }
        return null;
    }

    private ParsedRecord parse(int start, int end) {
        long recordIndex = index++;
        boolean ascii = ascii(start, end);
        if (ascii && encoder != null) {
            RecordEncoder.Encoded encoded = encode(() -> json.createParser(line, start, end - start));
            if (encoded != null) {
                return ParsedRecord.encoded(recordIndex, lineNumber, encoded);
            }
        }
        String text;
        try {
            text = ascii
                    ? new String(line, start, end - start, StandardCharsets.US_ASCII)
                    : decoder.decode(ByteBuffer.wrap(line, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            String lossy = new String(line, start, end - start, StandardCharsets.UTF_8);
            return ParsedRecord.unreadable(
                    recordIndex,
                    lineNumber,
                    new Violation(
                            "",
                            "a line of UTF-8 JSON",
                            "bytes that are not UTF-8",
                            "Line " + lineNumber + " is not valid UTF-8."),
                    lossy);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            return ParsedRecord.unreadable(
                    recordIndex,
                    lineNumber,
                    new Violation(
                            "",
                            "a line of UTF-8 JSON",
                            "a NUL character at column " + (nul + 1),
                            "Line " + lineNumber + " contains a NUL character."),
                    text.replace('\0', '\uFFFD'));
        }
        if (!ascii && encoder != null) {
            RecordEncoder.Encoded encoded = encode(() -> json.createParser(text));
            if (encoded != null) {
                return ParsedRecord.encoded(recordIndex, lineNumber, encoded);
            }
        }
        try {
            return ParsedRecord.of(recordIndex, lineNumber, json.readTree(text), ValueForm.JSON);
        } catch (StreamConstraintsException e) {
            return ParsedRecord.unreadable(
                    recordIndex,
                    lineNumber,
                    new Violation(
                            "",
                            "at most " + maxDepth + " levels of nesting",
                            "deeper nesting",
                            "The record nests deeper than the limit of " + maxDepth + " levels."),
                    text);
        } catch (JsonProcessingException e) {
            return ParsedRecord.unreadable(
                    recordIndex,
                    lineNumber,
                    new Violation(
                            "",
                            "a JSON object",
                            "text that is not JSON",
                            "Line " + lineNumber + " is not valid JSON"
                                    + (e.getLocation() == null
                                            ? ""
                                            : " at column " + e.getLocation().getColumnNr())
                                    + ": " + e.getOriginalMessage()),
                    text);
        }
    }

    /** The line as one object, checked and encoded; null when it takes the full path, which words any error. */
    private RecordEncoder.Encoded encode(ParserSource source) {
        try (JsonParser parser = source.open()) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            RecordEncoder.Encoded encoded = encoder.json(parser);
            return encoded != null && parser.nextToken() == null ? encoded : null;
        } catch (IOException e) {
            return null;
        }
    }

    @FunctionalInterface
    private interface ParserSource {
        JsonParser open() throws IOException;
    }

    /** Bytes 1 to 127 only: valid UTF-8 as they are, and no NUL, so they can be parsed without decoding. */
    private boolean ascii(int start, int end) {
        for (int i = start; i < end; i++) {
            if (line[i] <= 0) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWithBom() {
        return lineLength >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF;
    }

    private boolean blank(int start, int end) {
        for (int i = start; i < end; i++) {
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Fills {@code line} with the next line's bytes, without its '\n'; false at the end of the body. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                if (eof || !fill()) {
                    return any;
                }
            }
            any = true;
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (chunk[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline;
            append(position, end - position);
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                return true;
            }
        }
    }

    private boolean fill() throws IOException {
        int n = body.read(chunk, 0, chunk.length);
        if (n < 0) {
            eof = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private void append(int from, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(chunk, from, line, lineLength, length);
        lineLength += length;
    }
}
