package io.tributary.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class RecordConverterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Schema ALL_TYPES = new Schema(
            Types.NestedField.required(1, "b", Types.BooleanType.get()),
            Types.NestedField.optional(2, "i", Types.IntegerType.get()),
            Types.NestedField.optional(3, "l", Types.LongType.get()),
            Types.NestedField.optional(4, "f", Types.FloatType.get()),
            Types.NestedField.optional(5, "d", Types.DoubleType.get()),
            Types.NestedField.optional(6, "dec", Types.DecimalType.of(10, 2)),
            Types.NestedField.optional(7, "date", Types.DateType.get()),
            Types.NestedField.optional(8, "time", Types.TimeType.get()),
            Types.NestedField.optional(9, "ts", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(10, "tstz", Types.TimestampType.withZone()),
            Types.NestedField.optional(11, "s", Types.StringType.get()),
            Types.NestedField.optional(12, "u", Types.UUIDType.get()),
            Types.NestedField.optional(13, "bin", Types.BinaryType.get()),
            Types.NestedField.optional(14, "fix", Types.FixedType.ofLength(3)),
            Types.NestedField.optional(
                    15,
                    "st",
                    Types.StructType.of(
                            Types.NestedField.required(16, "x", Types.IntegerType.get()),
                            Types.NestedField.optional(17, "y", Types.StringType.get()))),
            Types.NestedField.optional(18, "li", Types.ListType.ofOptional(19, Types.LongType.get())),
            Types.NestedField.optional(
                    20, "m", Types.MapType.ofOptional(21, 22, Types.DateType.get(), Types.DoubleType.get())),
            Types.NestedField.optional(23, "tsns", Types.TimestampNanoType.withZone()));

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTypeInItsNormalJsonForm() throws Exception {
        RecordConverter.Converted converted = RecordConverter.convert(json("""
                {"b": true, "i": 42, "l": 9007199254740993, "f": 1.5, "d": -2.25, "dec": "12.50",
                 "date": "2024-05-31", "time": "13:45:30.123456", "ts": "2024-05-31T13:45:30.123456",
                 "tstz": "2024-05-31T11:45:30Z", "s": "héllo", "u": "0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69",
                 "bin": "AAEC", "fix": "AQID", "st": {"x": 1, "y": null}, "li": [1, null, 3],
                 "m": {"2024-05-31": 3.5}, "tsns": "2024-05-31T11:45:30.123456789Z"}"""), ALL_TYPES);

        Record r = converted.record();
        assertThat(converted.unknownFields()).isFalse();
        assertThat(r.getField("b")).isEqualTo(true);
        assertThat(r.getField("i")).isEqualTo(42);
        assertThat(r.getField("l")).isEqualTo(9007199254740993L);
        assertThat(r.getField("f")).isEqualTo(1.5f);
        assertThat(r.getField("d")).isEqualTo(-2.25d);
        assertThat(r.getField("dec")).isEqualTo(new BigDecimal("12.50"));
        assertThat(r.getField("date")).isEqualTo(LocalDate.of(2024, 5, 31));
        assertThat(r.getField("time")).isEqualTo(LocalTime.of(13, 45, 30, 123_456_000));
        assertThat(r.getField("ts")).isEqualTo(LocalDateTime.of(2024, 5, 31, 13, 45, 30, 123_456_000));
        assertThat(r.getField("tstz")).isEqualTo(OffsetDateTime.of(2024, 5, 31, 11, 45, 30, 0, ZoneOffset.UTC));
        assertThat(r.getField("s")).isEqualTo("héllo");
        assertThat(r.getField("u")).isEqualTo(UUID.fromString("0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69"));
        assertThat(r.getField("bin")).isEqualTo(ByteBuffer.wrap(new byte[] {0, 1, 2}));
        assertThat((byte[]) r.getField("fix")).containsExactly(1, 2, 3);
        Record st = (Record) r.getField("st");
        assertThat(st.getField("x")).isEqualTo(1);
        assertThat(st.getField("y")).isNull();
        assertThat((List<Object>) r.getField("li")).containsExactly(1L, null, 3L);
        assertThat((Map<Object, Object>) r.getField("m")).isEqualTo(Map.of(LocalDate.of(2024, 5, 31), 3.5d));
        assertThat(r.getField("tsns"))
                .isEqualTo(OffsetDateTime.of(2024, 5, 31, 11, 45, 30, 123_456_789, ZoneOffset.UTC));
    }

    @Test
    void nonFiniteFloatsAreStrings() throws Exception {
        Record r = RecordConverter.convert(json("{\"b\": false, \"f\": \"NaN\", \"d\": \"-Infinity\"}"), ALL_TYPES)
                .record();
        assertThat((Float) r.getField("f")).isNaN();
        assertThat(r.getField("d")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void fieldsAddedToTheSchemaLaterAreNullAndFieldsItLacksAreReported() throws Exception {
        RecordConverter.Converted old = RecordConverter.convert(json("{\"b\": true}"), ALL_TYPES);
        assertThat(old.record().getField("s")).isNull();
        assertThat(old.unknownFields()).isFalse();

        RecordConverter.Converted newer = RecordConverter.convert(json("{\"b\": true, \"added\": 1}"), ALL_TYPES);
        assertThat(newer.unknownFields()).isTrue();
        assertThat(newer.record().getField("b")).isEqualTo(true);
    }

    @Test
    void decimalsAreNeverRounded() throws Exception {
        assertThat(RecordConverter.convert(json("{\"b\": true, \"dec\": 3.2}"), ALL_TYPES)
                        .record()
                        .getField("dec"))
                .isEqualTo(new BigDecimal("3.20"));
        assertThatThrownBy(() -> RecordConverter.convert(json("{\"b\": true, \"dec\": \"1.005\"}"), ALL_TYPES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("/dec:");
        assertThatThrownBy(() -> RecordConverter.convert(json("{\"b\": true, \"dec\": \"123456789.00\"}"), ALL_TYPES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit");
    }

    @Test
    void valuesThatDoNotFitNameTheField() throws Exception {
        assertThatThrownBy(() -> RecordConverter.convert(json("{\"i\": 1}"), ALL_TYPES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/b: required field is missing");
        assertThatThrownBy(() -> RecordConverter.convert(json("{\"b\": true, \"i\": 3000000000}"), ALL_TYPES))
                .hasMessageStartingWith("/i: expected int");
        assertThatThrownBy(() -> RecordConverter.convert(json("{\"b\": true, \"st\": {\"y\": \"a\"}}"), ALL_TYPES))
                .hasMessage("/st/x: required field is missing");
        assertThatThrownBy(() -> RecordConverter.convert(json("{\"b\": true, \"fix\": \"AQ==\"}"), ALL_TYPES))
                .hasMessage("/fix: expected 3 bytes, got 1");
        assertThatThrownBy(() -> RecordConverter.convert(json("{\"b\": true, \"m\": {\"yesterday\": 1}}"), ALL_TYPES))
                .hasMessageStartingWith("/m/yesterday: \"yesterday\" is not a valid date");
        assertThatThrownBy(() -> RecordConverter.convert(json("[1]"), ALL_TYPES))
                .hasMessageContaining("must be a JSON object");
    }
}
