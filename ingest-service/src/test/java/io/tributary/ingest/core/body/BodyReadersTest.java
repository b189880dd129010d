package io.tributary.ingest.core.body;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tributary.ingest.core.IngestJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BodyReadersTest {

    static final int DEPTH = 32;
    static final JsonMapper JSON = IngestJson.mapper(DEPTH);
    static final Schema SCHEMA = new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "name", Types.StringType.get()),
            optional(3, "tags", Types.ListType.ofOptional(4, Types.StringType.get())));

    static List<ParsedRecord> read(BodyFormat format, byte[] body) throws IOException {
        RecordReader reader = format.open(new ByteArrayInputStream(body), SCHEMA, JSON, DEPTH);
        List<ParsedRecord> records = new ArrayList<>();
        for (ParsedRecord r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }

    static List<ParsedRecord> read(BodyFormat format, String body) throws IOException {
        return read(format, body.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] bytes(String before, int[] raw, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + raw.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = 0; i < raw.length; i++) {
            all[head.length + i] = (byte) raw[i];
        }
        System.arraycopy(tail, 0, all, head.length + raw.length, tail.length);
        return all;
    }

    @Nested
    class Json {
        @Test
        void oneObject() throws IOException {
            List<ParsedRecord> records = read(BodyFormat.JSON, "{\"id\": 1}\n");
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.index()).isZero();
                assertThat(r.value().get("id").asLong()).isEqualTo(1);
                assertThat(r.form()).isEqualTo(ValueForm.JSON);
            });
        }

        @Test
        void anArrayIsReadElementByElementWithLines() throws IOException {
            List<ParsedRecord> records = read(BodyFormat.JSON, "[\n{\"id\": 1},\n{\"id\": 2},\n 7\n]");
            assertThat(records).extracting(ParsedRecord::index).containsExactly(0L, 1L, 2L);
            assertThat(records).extracting(ParsedRecord::line).containsExactly(2L, 3L, 4L);
            // A non-object element is a bad record for the validator to report, not a broken body.
            assertThat(records.get(2).value().isInt()).isTrue();
        }

        @Test
        void anEmptyArrayHasNoRecords() throws IOException {
            assertThat(read(BodyFormat.JSON, " [ ] ")).isEmpty();
        }

        @Test
        void brokenBodies() {
            assertThatThrownBy(() -> read(BodyFormat.JSON, ""))
                    .isInstanceOf(MalformedBodyException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> read(BodyFormat.JSON, "42")).hasMessageContaining("object or an array");
            assertThatThrownBy(() -> read(BodyFormat.JSON, "{\"id\": 1} {\"id\": 2}"))
                    .hasMessageContaining("more after");
            assertThatThrownBy(() -> read(BodyFormat.JSON, "[{\"id\": 1},\n{\"id\": 2,}]"))
                    .isInstanceOf(MalformedBodyException.class)
                    .hasMessageContaining("line 2")
                    .hasMessageContaining("(record 1)");
            assertThatThrownBy(() -> read(BodyFormat.JSON, "[{\"id\": 1}")).hasMessageContaining("not valid JSON");
        }

        @Test
        void duplicateKeysAreRefusedNotSilentlyMerged() {
            assertThatThrownBy(() -> read(BodyFormat.JSON, "{\"id\": 1, \"id\": 2}"))
                    .isInstanceOf(MalformedBodyException.class)
                    .hasMessageContaining("Duplicate field 'id'");
        }

        @Test
        void invalidUtf8AndNulBytesAreRefused() {
            assertThatThrownBy(() -> read(BodyFormat.JSON, bytes("{\"name\": \"", new int[] {0xC3, 0x28}, "\"}")))
                    .isInstanceOf(MalformedBodyException.class)
                    .hasMessageContaining("not valid UTF-8");
            assertThatThrownBy(() -> read(BodyFormat.JSON, bytes("[\n{\"name\": \"a", new int[] {0}, "\"}]")))
                    .isInstanceOf(MalformedBodyException.class)
                    .hasMessageContaining("NUL character at line 2");
            assertThatThrownBy(() -> read(BodyFormat.JSON, bytes("{\"name\": \"", new int[] {0xE2, 0x82}, "")))
                    .isInstanceOf(MalformedBodyException.class)
                    .hasMessageContaining("UTF-8");
        }

        @Test
        void aByteOrderMarkIsSkipped() throws IOException {
            assertThat(read(BodyFormat.JSON, bytes("", new int[] {0xEF, 0xBB, 0xBF}, "{\"id\": 1}")))
                    .hasSize(1);
        }

        @Test
        void nestingBeyondTheLimitFailsBeforeATreeIsBuilt() {
            String deep = "[" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "]";
            assertThatThrownBy(() -> read(BodyFormat.JSON, deep))
                    .isInstanceOf(MalformedBodyException.class)
                    .hasMessageContaining("Record 0 nests deeper than the limit of 32 levels");
        }

        @Test
        void overlongNumeralsAreRefused() {
            assertThatThrownBy(() -> read(BodyFormat.JSON, "{\"id\": " + "9".repeat(2000) + "}"))
                    .isInstanceOf(MalformedBodyException.class);
        }
    }

    @Nested
    class Ndjson {
        @Test
        void linesBlankLinesAndCrlf() throws IOException {
            List<ParsedRecord> records = read(BodyFormat.NDJSON, "{\"id\": 1}\r\n\r\n{\"id\": 2}\n  \n{\"id\": 3}");
            assertThat(records).extracting(ParsedRecord::index).containsExactly(0L, 1L, 2L);
            assertThat(records).extracting(ParsedRecord::line).containsExactly(1L, 3L, 5L);
            assertThat(records).extracting(r -> r.value().get("id").asInt()).containsExactly(1, 2, 3);
        }

        @Test
        void aBadLineIsOneBadRecordAndReadingGoesOn() throws IOException {
            List<ParsedRecord> records = read(BodyFormat.NDJSON, "{\"id\": 1}\n{\"id\": \n{\"id\": 3}\n");
            assertThat(records).hasSize(3);
            ParsedRecord bad = records.get(1);
            assertThat(bad.value()).isNull();
            assertThat(bad.line()).isEqualTo(2);
            assertThat(bad.problem().message()).startsWith("Line 2 is not valid JSON");
            assertThat(bad.raw()).isEqualTo("{\"id\": ");
            assertThat(records.get(2).value().get("id").asInt()).isEqualTo(3);
        }

        @Test
        void invalidUtf8NulAndTrailingContentAreReportedPerLine() throws IOException {
            byte[] body = bytes("{\"id\": 1}\n{\"name\": \"", new int[] {0xFF}, "\"}\n");
            byte[] withNul = bytes("{\"name\": \"a", new int[] {0}, "\"}\n{\"id\": 1} {\"id\": 2}\n");
            List<ParsedRecord> records = read(BodyFormat.NDJSON, body);
            assertThat(records.get(1).problem().message()).isEqualTo("Line 2 is not valid UTF-8.");
            List<ParsedRecord> more = read(BodyFormat.NDJSON, withNul);
            assertThat(more.get(0).problem().message()).isEqualTo("Line 1 contains a NUL character.");
            assertThat(more.get(0).problem().actual()).isEqualTo("a NUL character at column 12");
            assertThat(more.get(1).problem().message()).contains("not valid JSON");
        }

        @Test
        void tooDeepALineIsOneBadRecord() throws IOException {
            String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
            List<ParsedRecord> records = read(BodyFormat.NDJSON, deep + "\n{\"id\": 1}");
            assertThat(records.get(0).problem().message()).contains("deeper than the limit of 32 levels");
            assertThat(records.get(1).problem()).isNull();
        }

        @Test
        void theBodyIsStreamedNotBuffered() throws IOException {
            long[] served = {0};
            byte[] line = "{\"id\": 1}\n".getBytes(StandardCharsets.UTF_8);
            InputStream endless = new InputStream() {
                @Override
                public int read() {
                    return line[(int) (served[0]++ % line.length)];
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    for (int i = 0; i < len; i++) {
                        b[off + i] = (byte) read();
                    }
                    return len;
                }
            };
            RecordReader reader = BodyFormat.NDJSON.open(endless, SCHEMA, JSON, DEPTH);
            for (int i = 0; i < 100_000; i++) {
                assertThat(reader.next().value().get("id").asInt()).isEqualTo(1);
            }
            // A million bytes of records went through while at most one read-ahead chunk was held.
            assertThat(served[0]).isBetween(1_000_000L, 1_000_000L + 64 * 1024);
        }
    }

    @Nested
    class Csv {
        @Test
        void headerThenRows() throws IOException {
            List<ParsedRecord> records = read(BodyFormat.CSV, "id,name\r\n1,Ada\r\n2,Grace\r\n");
            assertThat(records)
                    .extracting(r -> r.value().toString())
                    .containsExactly("{\"id\":\"1\",\"name\":\"Ada\"}", "{\"id\":\"2\",\"name\":\"Grace\"}");
            assertThat(records).extracting(ParsedRecord::line).containsExactly(2L, 3L);
            assertThat(records.get(0).form()).isEqualTo(ValueForm.TEXT);
        }

        @Test
        void rfc4180Quoting() throws IOException {
            List<ParsedRecord> records = read(
                    BodyFormat.CSV,
                    "id,name,tags\n1,\"Smith, \"\"Ada\"\"\",\"[\"\"a\"\",\"\"b\"\"]\"\n2,\"two\nlines\",\n3,x,\n");
            assertThat(records.get(0).value().get("name").textValue()).isEqualTo("Smith, \"Ada\"");
            assertThat(records.get(0).value().get("tags").textValue()).isEqualTo("[\"a\",\"b\"]");
            assertThat(records.get(1).value().get("name").textValue()).isEqualTo("two\nlines");
            assertThat(records.get(2).line()).isEqualTo(5);
        }

        @Test
        void emptyIsNullAndQuotedEmptyIsTheEmptyString() throws IOException {
            List<ParsedRecord> records = read(BodyFormat.CSV, "id,name\n1,\n2,\"\"\n");
            assertThat(records.get(0).value().get("name").isNull()).isTrue();
            assertThat(records.get(1).value().get("name").textValue()).isEmpty();
        }

        @Test
        void formulasAreKeptAsText() throws IOException {
            List<ParsedRecord> records =
                    read(BodyFormat.CSV, "id,name\n1,=cmd|' /C calc'!A0\n2,\"=HYPERLINK(\"\"http://x\"\")\"\n");
            assertThat(records.get(0).value().get("name").textValue()).isEqualTo("=cmd|' /C calc'!A0");
            assertThat(records.get(1).value().get("name").textValue()).isEqualTo("=HYPERLINK(\"http://x\")");
        }

        @Test
        void badRowsAreBadRecordsAndReadingGoesOn() throws IOException {
            List<ParsedRecord> records = read(BodyFormat.CSV, "id,name\n1\n2,a\"b\n3,\"c\"d\n4,ok,extra\n5,fine\n");
            assertThat(records).hasSize(5);
            assertThat(records.get(0).problem().message()).contains("has 1 values but the header names 2 columns");
            assertThat(records.get(1).problem().message()).contains("quote inside an unquoted value");
            assertThat(records.get(2).problem().message()).contains("after a closing quote");
            assertThat(records.get(3).problem().expected()).isEqualTo("2 values");
            assertThat(records.get(3).raw()).isEqualTo("4,ok,extra\n");
            assertThat(records.get(4).value().get("name").textValue()).isEqualTo("fine");
        }

        @Test
        void anUnclosedQuoteSwallowsTheRestAndSaysWhereItOpened() throws IOException {
            List<ParsedRecord> records = read(BodyFormat.CSV, "id,name\n1,\"open\n2,b\n");
            assertThat(records)
                    .singleElement()
                    .satisfies(r -> assertThat(r.problem().message())
                            .isEqualTo("A quoted value opened on line 2 is never closed."));
        }

        @Test
        void blankLinesAndAByteOrderMarkAreSkipped() throws IOException {
            assertThat(read(BodyFormat.CSV, bytes("", new int[] {0xEF, 0xBB, 0xBF}, "\nid\n\n1\n\n")))
                    .hasSize(1);
        }

        @Test
        void aHeaderThatDoesNotFitFailsTheBody() {
            assertThatThrownBy(() -> read(BodyFormat.CSV, "id,Name,name,name\n1,2,3,4\n"))
                    .isInstanceOfSatisfying(MalformedBodyException.class, e -> {
                        assertThat(e.getMessage()).contains("header does not fit");
                        assertThat(e.violations())
                                .extracting(v -> v.pointer() + " " + v.message())
                                .containsExactly(
                                        "/Name Column 'Name' is not a field of the contract (names are case-sensitive).",
                                        "/name Column 'name' appears more than once in the header.");
                    });
            assertThatThrownBy(() -> read(BodyFormat.CSV, "name\nx\n"))
                    .isInstanceOfSatisfying(
                            MalformedBodyException.class,
                            e -> assertThat(e.violations())
                                    .singleElement()
                                    .satisfies(v ->
                                            assertThat(v.message()).contains("Required field 'id' has no column")));
            assertThatThrownBy(() -> read(BodyFormat.CSV, "")).hasMessageContaining("no header row");
            assertThatThrownBy(() -> read(BodyFormat.CSV, "\"id\n")).hasMessageContaining("header row is malformed");
        }

        @Test
        void invalidUtf8FailsTheBody() {
            assertThatThrownBy(() -> read(BodyFormat.CSV, bytes("id,name\n1,", new int[] {0xC0, 0xAF}, "\n")))
                    .isInstanceOf(MalformedBodyException.class)
                    .hasMessageContaining("not valid UTF-8");
            assertThatThrownBy(() -> read(BodyFormat.CSV, bytes("id,name\n1,a", new int[] {0}, "\n")))
                    .hasMessageContaining("NUL character at line 2");
        }
    }

    @Test
    void theLimitedStreamStopsAtItsLimit() throws IOException {
        InputStream limited = new LimitedInputStream(new ByteArrayInputStream(new byte[100]), 64);
        assertThat(limited.read(new byte[64])).isEqualTo(64);
        assertThatThrownBy(() -> limited.read(new byte[10]))
                .isInstanceOf(BodyTooLargeException.class)
                .hasMessage("The body is larger than the limit of 64 bytes.");
        InputStream exact = new LimitedInputStream(new ByteArrayInputStream(new byte[64]), 64);
        assertThat(exact.readAllBytes()).hasSize(64);
    }
}
