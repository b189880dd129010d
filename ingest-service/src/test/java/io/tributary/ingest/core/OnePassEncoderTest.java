package io.tributary.ingest.core;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tributary.ingest.core.body.BodyFormat;
import io.tributary.ingest.core.body.MalformedBodyException;
import io.tributary.ingest.core.body.ParsedRecord;
import io.tributary.ingest.core.body.RecordReader;
import io.tributary.ingest.core.body.Violation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one-pass check and encoding against what the service did before it: read each record into a tree, validate the
 * tree ({@link RecordValidator}), encode the values ({@link RecordJson}). Consumers read the Kafka value, so it must be
 * the same byte for byte; rejected records must be rejected with the same violations and dead-letter content; a broken
 * body must fail with the same message.
 */
class OnePassEncoderTest {

    static final int DEPTH = 32;
    static final JsonMapper JSON = IngestJson.mapper(DEPTH);
    static final RecordValidator VALIDATOR = new RecordValidator(ValidationLimits.DEFAULTS);

    static final Schema ALL = new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "b", Types.BooleanType.get()),
            optional(3, "i", Types.IntegerType.get()),
            optional(4, "f", Types.FloatType.get()),
            optional(5, "d", Types.DoubleType.get()),
            optional(6, "dec", Types.DecimalType.of(38, 4)),
            optional(7, "day", Types.DateType.get()),
            optional(8, "t", Types.TimeType.get()),
            optional(9, "ts", Types.TimestampType.withoutZone()),
            optional(10, "tstz", Types.TimestampType.withZone()),
            optional(11, "tsns", Types.TimestampNanoType.withoutZone()),
            optional(12, "tsnstz", Types.TimestampNanoType.withZone()),
            optional(13, "s", Types.StringType.get()),
            optional(14, "u", Types.UUIDType.get()),
            optional(15, "fx", Types.FixedType.ofLength(3)),
            optional(16, "bin", Types.BinaryType.get()),
            optional(
                    17,
                    "who",
                    Types.StructType.of(
                            required(18, "id", Types.StringType.get()),
                            optional(19, "zip", Types.StringType.get()),
                            optional(
                                    20,
                                    "geo",
                                    Types.StructType.of(
                                            optional(21, "lat", Types.DoubleType.get()),
                                            optional(22, "lon", Types.DoubleType.get()))))),
            optional(23, "tags", Types.ListType.ofOptional(24, Types.StringType.get())),
            optional(
                    25,
                    "pts",
                    Types.ListType.ofRequired(
                            26,
                            Types.StructType.of(
                                    optional(27, "x", Types.IntegerType.get()),
                                    optional(28, "when", Types.DateType.get()),
                                    optional(43, "n\u0002\"", Types.StringType.get())))),
            optional(29, "m", Types.MapType.ofOptional(30, 31, Types.StringType.get(), Types.LongType.get())),
            optional(32, "mk", Types.MapType.ofOptional(33, 34, Types.DecimalType.of(4, 1), Types.StringType.get())),
            optional(
                    35,
                    "mi",
                    Types.MapType.ofRequired(
                            36, 37, Types.IntegerType.get(), Types.ListType.ofOptional(38, Types.IntegerType.get()))),
            Types.NestedField.optional("label")
                    .withId(39)
                    .ofType(Types.StringType.get())
                    .withWriteDefault(Literal.of("none"))
                    .build(),
            Types.NestedField.required("day0")
                    .withId(40)
                    .ofType(Types.DateType.get())
                    .withWriteDefault(Literal.of("2024-01-01").to(Types.DateType.get()))
                    .build(),
            optional(41, "big", Types.LongType.get()),
            optional(42, "na\"me\u0001é/", Types.StringType.get()));

    static final IngestContract NESTED_KEY = new IngestContract(new TableId("t", "all"), 3, ALL, "who.id");
    static final IngestContract TOP_KEY = new IngestContract(new TableId("t", "all"), 3, ALL, "tstz");
    static final IngestContract DEFAULT_KEY = new IngestContract(new TableId("t", "all"), 3, ALL, "day0");

    /** Valid records, fields in schema order at every level: each must take the one pass. */
    static final List<String> VALID = List.of(
            "{\"id\":1}",
            "{\"id\":2,\"b\":true,\"i\":-2147483648,\"f\":1.5,\"d\":-0.0,\"dec\":12.5,\"day\":\"2024-02-29\","
                    + "\"t\":\"13:45:30.123456\",\"ts\":\"2024-05-31T13:45:30\",\"tstz\":\"2024-05-31T13:45:30Z\","
                    + "\"tsns\":\"2024-05-31T13:45:30.123456789\",\"tsnstz\":\"2024-05-31T13:45:30.123456789+05:30\","
                    + "\"s\":\"plain\",\"u\":\"0190F6C5-8E3A-7B1C-9A4E-2F1D3C4B5A69\",\"fx\":\"AQID\",\"bin\":\"\","
                    + "\"who\":{\"id\":\"c-1\",\"zip\":\"69001\",\"geo\":{\"lat\":45.76,\"lon\":4.83}},"
                    + "\"tags\":[\"a\",null,\"c\"],\"pts\":[{\"x\":1,\"when\":\"2024-01-01\"},{\"x\":null}],"
                    + "\"m\":{\"a\":1,\"b\":null},\"mk\":{\"1.5\":\"x\",\"-2\":\"y\",\"0\":\"z\"},"
                    + "\"mi\":{\"1\":[1,2],\"-3\":[]},\"label\":\"given\",\"day0\":\"1999-12-31\","
                    + "\"big\":9223372036854775807}",
            "{\"id\":3,\"s\":\"é 漢字 😀 \\u00e9 \\ud83d\\ude00 tab\\t nl\\n quote\\\" back\\\\ slash\\/ \\u2028 "
                    + "\\u007f ctrl\\u0001 \\u001f\",\"who\":{\"id\":\"ü-😀\"},\"m\":{\"é\\n😀\":7}}",
            "{\"id\":-9223372036854775808,\"i\":2147483647,\"f\":3.4028235e38,\"d\":1e-300,"
                    + "\"dec\":1234567890123456789012345678901234.5678,\"big\":1e3,\"who\":{\"id\":\"n\"}}",
            "{\"id\":5,\"i\":2.0,\"f\":1.4e-45,\"d\":1.7976931348623157E308,\"dec\":-0.0,\"big\":-12.000}",
            "{\"id\":6,\"f\":\"NaN\",\"d\":\"-Infinity\",\"dec\":\"-0.5\"}",
            "{\"id\":7,\"f\":\"+Infinity\",\"d\":\"Infinity\",\"dec\":\"1E+2\",\"i\":0,\"big\":0}",
            "{\"id\":8,\"d\":12345678901234567890,\"f\":123456789012345678901234567890,\"dec\":12}",
            "{\"id\":9,\"t\":\"00:00\",\"ts\":\"2024-05-31T13:45\",\"tstz\":\"2024-05-31T13:45:30.1+02:00\","
                    + "\"tsns\":\"2024-05-31T13:45:30.1\",\"tsnstz\":\"2024-05-31T13:45:30-07:00\"}",
            "{\"id\":10,\"tstz\":\"+10000-01-01T00:00:00Z\",\"tsnstz\":\"2024-05-31t13:45:30z\","
                    + "\"ts\":\"-0001-01-01T00:00:00\"}",
            "{\"id\":11,\"tstz\":\"2024-05-31T13:45:30.123+01:00:30\",\"t\":\"23:59:59.999999\","
                    + "\"ts\":\"2024-05-31T23:59:59.999999\"}",
            "{\"id\":12,\"label\":null,\"fx\":\"////\",\"bin\":\"AAECAwQFBgcICQ==\",\"u\":\"0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69\"}",
            "{\"id\":13,\"who\":null,\"tags\":null,\"pts\":[],\"m\":{},\"mi\":null,\"s\":\"\"}",
            "{\"id\":14,\"who\":{\"id\":\"x\",\"geo\":{}},\"pts\":[{},{\"when\":\"2024-12-31\"}],"
                    + "\"mk\":{\"-999.9\":null,\"999.9\":\"\"}}",
            "{\"who\":{\"id\":\"k\"},\"s\":\"fields in any order at the top\",\"id\":15,\"b\":false,\"day0\":\"2000-01-01\"}",
            "{\"id\":20,\"na\\\"me\\u0001é/\":\"v\",\"pts\":[{\"x\":1,\"when\":\"2024-01-01\",\"n\\u0002\\\"\":\"w\"}]}",
            "{\"id\":19,\"s\":\"" + "é😀a\\\"\\u0002".repeat(3000) + "\",\"who\":{\"id\":\"" + "x".repeat(20_000)
                    + "\"}}");

    /** Valid records the one pass leaves to the full check, and records that break the contract. */
    static final List<String> OTHERS = List.of(
            "{\"id\":16,\"who\":{\"zip\":\"1\",\"id\":\"nested fields out of order\"}}",
            "{\"id\":17,\"pts\":[{\"when\":\"2024-01-01\",\"x\":2}]}",
            "{\"id\":\"1\"}",
            "{\"id\":1,\"extra\":2,\"also\":{\"a\":[1,2]}}",
            "{}",
            "{\"id\":1,\"who\":{\"zip\":\"1\"}}",
            "{\"id\":1,\"who\":{\"zip\":\"1\",\"id\":null,\"nope\":1}}",
            "{\"id\":1,\"i\":2147483648,\"big\":9223372036854775808}",
            "{\"id\":1,\"i\":1.5,\"dec\":1.00001,\"f\":1e39,\"d\":4.9e-330}",
            "{\"id\":1,\"ts\":\"2024-05-31T13:45:30Z\",\"tstz\":\"2024-05-31T13:45:30\",\"t\":\"13:45:30.1234567\"}",
            "{\"id\":1,\"s\":\"a\\u0000b\"}",
            "{\"id\":1,\"s\":\"\\ud800\"}",
            "{\"id\":1,\"mk\":{\"1.50\":\"a\",\"1.5\":\"b\"}}",
            "{\"id\":1,\"tags\":\"a\",\"pts\":[null],\"mi\":{\"1\":null}}",
            "{\"id\":1,\"fx\":\"AQ==\",\"u\":\"nope\",\"bin\":\"***\",\"b\":\"true\"}",
            "{\"id\":1,\"day0\":null,\"label\":7}",
            "{\"id\":1,\"d\":\"nan\",\"f\":\"1.5\",\"dec\":true}",
            "{\"id\":1,\"who\":{\"id\":\"x\",\"geo\":{\"lat\":\"north\"}},\"m\":{\"a\":\"1\"}}",
            "{\"id\":1,\"s\":\"" + "x".repeat(70_000) + "\"}",
            "{\"id\":18,\"tags\":[" + "\"y\",".repeat(10) + "\"z\"],\"who\":" + "{\"id\":\"deep\"}".repeat(1) + "}",
            "7",
            "[1,{\"id\":2}]",
            "\"text\"",
            "null");

    /** What the service did before the one pass, as BatchValidator did it. */
    static ValidatedBatch treePath(IngestContract contract, BodyFormat format, byte[] body, IngestMode mode)
            throws IOException {
        IngestLimits limits = IngestLimits.DEFAULTS;
        RecordReader reader = format.open(
                new ByteArrayInputStream(body),
                contract.schema(),
                JSON,
                limits.validation().maxDepth());
        List<AcceptedRecord> accepted = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        long acceptedCount = 0;
        long rejectedCount = 0;
        long keptViolations = 0;
        for (ParsedRecord record = reader.next(); record != null; record = reader.next()) {
            List<Violation> violations;
            if (record.problem() != null) {
                violations = List.of(record.problem());
            } else {
                Validation validation = VALIDATOR.validate(record.value(), contract.schema(), record.form());
                violations = validation.violations();
                if (validation.isValid()) {
                    byte[] value = RecordJson.write(validation.value());
                    if (value.length <= limits.maxRecordBytes()) {
                        acceptedCount++;
                        if (mode == IngestMode.PARTIAL || rejectedCount == 0) {
                            Object key = contract.keyValue(validation.value());
                            accepted.add(new AcceptedRecord(
                                    record.index(),
                                    key == null
                                            ? null
                                            : RecordJson.text(contract.keyType(), key)
                                                    .getBytes(StandardCharsets.UTF_8),
                                    value));
                        }
                        continue;
                    }
                    violations = List.of(new Violation(
                            "",
                            "at most " + limits.maxRecordBytes() + " bytes of JSON",
                            value.length + " bytes",
                            "The record is larger than the limit of " + limits.maxRecordBytes() + " bytes."));
                }
            }
            rejectedCount++;
            if (mode == IngestMode.PARTIAL) {
                rejected.add(
                        new RejectedRecord(record.index(), record.line(), violations, record.value(), record.raw()));
            } else {
                accepted.clear();
                if (keptViolations < limits.maxReportedErrors()) {
                    rejected.add(new RejectedRecord(record.index(), record.line(), violations, null, null));
                    keptViolations += violations.size();
                }
            }
        }
        return new ValidatedBatch(accepted, rejected, acceptedCount, rejectedCount);
    }

    static ValidatedBatch onePass(IngestContract contract, BodyFormat format, byte[] body, IngestMode mode)
            throws IOException {
        return new BatchValidator(IngestLimits.DEFAULTS)
                .validate(new ByteArrayInputStream(body), format, contract, mode);
    }

    static void assertSame(ValidatedBatch actual, ValidatedBatch expected) {
        assertThat(actual.acceptedCount()).isEqualTo(expected.acceptedCount());
        assertThat(actual.rejectedCount()).isEqualTo(expected.rejectedCount());
        assertThat(actual.accepted()).hasSameSizeAs(expected.accepted());
        for (int i = 0; i < expected.accepted().size(); i++) {
            AcceptedRecord want = expected.accepted().get(i);
            AcceptedRecord got = actual.accepted().get(i);
            assertThat(got.index()).isEqualTo(want.index());
            assertThat(text(got.value())).as("record %d", want.index()).isEqualTo(text(want.value()));
            assertThat(got.value()).as("record %d", want.index()).isEqualTo(want.value());
            assertThat(text(got.key())).as("key of record %d", want.index()).isEqualTo(text(want.key()));
        }
        assertThat(actual.rejected()).isEqualTo(expected.rejected());
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] body(BodyFormat format, List<String> records) {
        String text = format == BodyFormat.JSON
                ? "[\n" + String.join(",\n", records) + "\n]"
                : String.join("\n", records) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> everything() {
        List<String> all = new ArrayList<>(VALID);
        all.addAll(OTHERS);
        return all;
    }

    @ParameterizedTest
    @EnumSource(
            value = BodyFormat.class,
            names = {"JSON", "NDJSON"})
    void theKafkaValueAndEveryVerdictAreTheTreePaths(BodyFormat format) throws IOException {
        for (IngestContract contract : List.of(NESTED_KEY, TOP_KEY, DEFAULT_KEY)) {
            for (IngestMode mode : IngestMode.values()) {
                byte[] body = body(format, everything());
                assertSame(onePass(contract, format, body, mode), treePath(contract, format, body, mode));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = BodyFormat.class,
            names = {"JSON", "NDJSON"})
    void validRecordsInSchemaOrderTakeTheOnePass(BodyFormat format) throws IOException {
        OnePassEncoder encoder = new OnePassEncoder(
                new OnePassEncoder.Plan(NESTED_KEY),
                VALIDATOR,
                JSON.getFactory(),
                IngestLimits.DEFAULTS.maxRecordBytes());
        RecordReader reader = format.open(new ByteArrayInputStream(body(format, VALID)), ALL, JSON, DEPTH, encoder);
        List<ParsedRecord> records = new ArrayList<>();
        for (ParsedRecord record = reader.next(); record != null; record = reader.next()) {
            records.add(record);
        }
        assertThat(records)
                .hasSize(VALID.size())
                .allSatisfy(
                        r -> assertThat(r.encoded()).as("record %d", r.index()).isNotNull());
    }

    @Test
    void aSingleObjectBodyAndAnOversizedRecordAsBefore() throws IOException {
        for (String record : everything()) {
            byte[] body = record.getBytes(StandardCharsets.UTF_8);
            for (IngestMode mode : IngestMode.values()) {
                if (record.startsWith("{")) {
                    assertSame(
                            onePass(NESTED_KEY, BodyFormat.JSON, body, mode),
                            treePath(NESTED_KEY, BodyFormat.JSON, body, mode));
                }
            }
        }
        byte[] body = body(BodyFormat.NDJSON, List.of("{\"id\":1}", "{\"id\":2,\"s\":\"a little longer\"}"));
        int limit = treePath(NESTED_KEY, BodyFormat.NDJSON, body, IngestMode.PARTIAL)
                .accepted()
                .get(0)
                .value()
                .length;
        IngestLimits small = new IngestLimits(1 << 20, 100, limit, 100, ValidationLimits.DEFAULTS);
        ValidatedBatch batch = new BatchValidator(small)
                .validate(new ByteArrayInputStream(body), BodyFormat.NDJSON, NESTED_KEY, IngestMode.PARTIAL);
        assertThat(batch.acceptedCount()).isEqualTo(1);
        assertThat(batch.rejected()).singleElement().satisfies(r -> {
            assertThat(r.violations().get(0).message())
                    .isEqualTo("The record is larger than the limit of " + limit + " bytes.");
            assertThat(r.record().get("s").textValue()).isEqualTo("a little longer");
        });
    }

    /** A body that breaks off fails with the message it failed with before, also after a record the pass refused. */
    @Test
    void brokenJsonBodiesFailAsBefore() {
        List<String> broken = List.of(
                "[{\"id\":\"x\",\"s\":\"abc\\q\"}]",
                "[{\"id\":1},{\"id\":\"x\",\"s\":\"a\u0001b\"}]",
                "[{\"id\":\"x\",\"big\":" + "9".repeat(2000) + "}]",
                "[{\"id\":1,\"big\":" + "9".repeat(2000) + "}]",
                "[{\"id\":1,\"dec\":1." + "5".repeat(2000) + "}]",
                "[{\"id\":\"x\",\"who\":{\"id\":\"a\",\"id\":\"b\"}}]",
                "[{\"id\":1,\"who\":{\"id\":\"a\",\"id\":\"b\"}}]",
                "[{\"id\":\"bad\",\"b\":tru}]",
                "[{\"id\":1,\"s\":\"x\"",
                "[{\"extra\":1,\"who\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}]",
                "[{\"id\":1,\"who\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}]",
                "[{\"id\":1}] {}",
                "{\"id\":1} x",
                "[{\"id\":1},]");
        for (String body : broken) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Throwable before = catchThrowable(() -> treePath(NESTED_KEY, BodyFormat.JSON, bytes, IngestMode.PARTIAL));
            assertThat(before).as(body).isInstanceOf(MalformedBodyException.class);
            assertThatThrownBy(() -> onePass(NESTED_KEY, BodyFormat.JSON, bytes, IngestMode.PARTIAL))
                    .as(body)
                    .isInstanceOf(MalformedBodyException.class)
                    .hasMessage(before.getMessage());
        }
    }

    static final String CSV_HEADER = "who,id,s,dec,tstz,tags,b,f,mk,label,day0,fx,pts";

    static final List<String> CSV_VALID = List.of(
            "\"{\"\"id\"\":\"\"c1\"\",\"\"zip\"\":\"\"69001\"\"}\",1,plain,12.5,2024-05-31T13:45:30+02:00,"
                    + "\"[\"\"a\"\",null]\",true,NaN,\"{\"\"1.5\"\":\"\"x\"\"}\",,2024-03-01,AQID,",
            "\"{\"\"id\"\":\"\"c2\"\"}\",2,\"with, comma\",-0.5,2024-05-31T13:45:30Z,[],FALSE,1e3,{},\"\",2024-01-02,,[]",
            "\"{\"\"id\"\":\"\"c3\"\"}\",3,\"line1\r\nline2 \"\"quoted\"\"\",0,2024-05-31t13:45:30.123456z,,True,"
                    + "-Infinity,\"{\"\"-2\"\":null}\",x,2024-02-29,,\"[{\"\"x\"\":1},{}]\"",
            "\"{\"\"id\"\":\"\"é\"\",\"\"geo\"\":{\"\"lat\"\":1e-3}}\",4,漢字 😀 \t tab,99999999.9999,"
                    + "+10000-01-01T00:00:00Z,\"[\"\"é\"\"]\",false,1.5,,=HYPERLINK(x),1999-12-31,////,",
            ",5,,,,,,,,,2024-01-01,,",
            "\"{\"\"id\"\":\"\"c6\"\"}\",-9223372036854775808,\"\"\"\",1e2,2024-05-31T13:45:30.1-07:00,"
                    + "\"[null]\",false,3.4028235e38,\"{\"\"0\"\":\"\"\"\"}\",\"\",2024-01-01,AAAA,");

    static final List<String> CSV_OTHERS = List.of(
            "\"{\"\"zip\"\":\"\"1\"\",\"\"id\"\":\"\"c7\"\"}\",7,,,,,,,,,,,",
            "null,8,,,,,,,,,,,",
            "\"{\"\"id\"\":1}\",9,,,,,,,,,,,",
            "notjson,10,,,,,,,,,,,",
            "{},11,,,,,,,,,,,",
            "\"{\"\"id\"\":\"\"x\"\"} trailing\",12,,,,,,,,,,,",
            ",1.5,,,,,,,,,,,",
            ",,,,,,,,,,,,",
            ",14,,1.00001,2024-05-31T13:45:30,\"[1]\",yes,abc,\"{\"\"a\"\":\"\"b\"\"}\",,,AQ==,\"[null]\"",
            ",15,,,,,,,,,,",
            ",16,a\"b,,,,,,,,,,",
            ",17,\"c\"d,,,,,,,,,,",
            ",18,,,,,,,,,,,,extra",
            ",19,\"unclosed,,,,,,,,,,\n,20,,,,,,,,,,,");

    @Test
    void csvValuesAndVerdictsAreTheTreePaths() throws IOException {
        List<String> rows = new ArrayList<>(CSV_VALID);
        rows.addAll(CSV_OTHERS);
        for (String newline : List.of("\r\n", "\n")) {
            byte[] body =
                    (CSV_HEADER + newline + String.join(newline, rows) + newline).getBytes(StandardCharsets.UTF_8);
            for (IngestContract contract : List.of(NESTED_KEY, TOP_KEY, DEFAULT_KEY)) {
                for (IngestMode mode : IngestMode.values()) {
                    assertSame(
                            onePass(contract, BodyFormat.CSV, body, mode),
                            treePath(contract, BodyFormat.CSV, body, mode));
                }
            }
        }
        OnePassEncoder encoder = new OnePassEncoder(
                new OnePassEncoder.Plan(NESTED_KEY),
                VALIDATOR,
                JSON.getFactory(),
                IngestLimits.DEFAULTS.maxRecordBytes());
        byte[] valid = (CSV_HEADER + "\r\n" + String.join("\r\n", CSV_VALID)).getBytes(StandardCharsets.UTF_8);
        RecordReader reader = BodyFormat.CSV.open(new ByteArrayInputStream(valid), ALL, JSON, DEPTH, encoder);
        List<ParsedRecord> records = new ArrayList<>();
        for (ParsedRecord record = reader.next(); record != null; record = reader.next()) {
            records.add(record);
        }
        assertThat(records)
                .hasSize(CSV_VALID.size())
                .allSatisfy(r -> assertThat(r.encoded()).as("row %d", r.index()).isNotNull());
    }
}
