package io.tributary.ingest.core.body;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a body as strict UTF-8: malformed bytes and NUL characters end the read with a {@link MalformedBodyException}
 * naming the line, instead of turning into U+FFFD or reaching a string. A leading byte order mark is skipped.
 */
final class Utf8Reader extends Reader {

    private final Reader decoder;
    private long line = 1;
    private boolean started;

    Utf8Reader(InputStream in) {
        this.decoder = new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = decoder.read(buffer, offset, length);
        } catch (CharacterCodingException e) {
            throw new MalformedBodyException("The body is not valid UTF-8 (at or after line " + line + ").");
        }
        if (!started && n > 0) {
            started = true;
            if (buffer[offset] == '\uFEFF') {
                System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
                n--;
                if (n == 0) {
                    return read(buffer, offset, length);
                }
            }
        }
        for (int i = offset; i < offset + n; i++) {
            if (buffer[i] == '\n') {
                line++;
            } else if (buffer[i] == '\0') {
                throw new MalformedBodyException("The body contains a NUL character at line " + line + ".");
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        decoder.close();
    }
}
