package io.tributary.ingest.core;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.ingest.core.body.ValueForm;
import io.tributary.ingest.core.body.Violation;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordValidatorTest {

    private static final JsonMapper JSON = IngestJson.mapper(32);
    private static final RecordValidator VALIDATOR = new RecordValidator(ValidationLimits.DEFAULTS);

    // --- helpers: one required field "v" of the type under test -------------------------------------------

    static Schema single(Type type) {
        return new Schema(required(1, "v", type));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Validation check(Type type, String jsonValue) {
        return VALIDATOR.validate(parse("{\"v\": " + jsonValue + "}"), single(type));
    }

    static Object valid(Type type, String jsonValue) {
        Validation validation = check(type, jsonValue);
        assertThat(validation.violations())
                .as("violations of %s as %s", jsonValue, type)
                .isEmpty();
        return validation.value().get("v");
    }

    static Violation invalid(Type type, String jsonValue) {
        Validation validation = check(type, jsonValue);
        assertThat(validation.isValid()).as("%s as %s", jsonValue, type).isFalse();
        assertThat(validation.value()).isNull();
        assertThat(validation.violations()).hasSize(1);
        return validation.violations().get(0);
    }

    static Validation checkText(Type type, String cell) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("v", cell);
        return VALIDATOR.validate(record, single(type), ValueForm.TEXT);
    }

    static Object validText(Type type, String cell) {
        Validation validation = checkText(type, cell);
        assertThat(validation.violations())
                .as("violations of text %s as %s", cell, type)
                .isEmpty();
        return validation.value().get("v");
    }

    static Violation invalidText(Type type, String cell) {
        Validation validation = checkText(type, cell);
        assertThat(validation.violations()).as("text %s as %s", cell, type).hasSize(1);
        return validation.violations().get(0);
    }

    @Nested
    class Booleans {
        @Test
        void jsonBooleans() {
            assertThat(valid(Types.BooleanType.get(), "true")).isEqualTo(true);
            assertThat(valid(Types.BooleanType.get(), "false")).isEqualTo(false);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"true\"", "1", "0", "\"yes\"", "{}", "[]"})
        void nothingElseIsABoolean(String json) {
            Violation violation = invalid(Types.BooleanType.get(), json);
            assertThat(violation.pointer()).isEqualTo("/v");
            assertThat(violation.expected()).isEqualTo("boolean");
            assertThat(violation.message()).isEqualTo("Expected true or false.");
        }

        @Test
        void textAcceptsTrueAndFalseInAnyCase() {
            assertThat(validText(Types.BooleanType.get(), "TRUE")).isEqualTo(true);
            assertThat(validText(Types.BooleanType.get(), "False")).isEqualTo(false);
            assertThat(invalidText(Types.BooleanType.get(), "1").actual()).isEqualTo("string \"1\"");
        }
    }

    @Nested
    class Integers {
        @Test
        void intsAreIntegers() {
            assertThat(valid(Types.IntegerType.get(), "42")).isEqualTo(42);
            assertThat(valid(Types.IntegerType.get(), "-2147483648")).isEqualTo(Integer.MIN_VALUE);
            assertThat(valid(Types.IntegerType.get(), "2147483647")).isEqualTo(Integer.MAX_VALUE);
        }

        @Test
        void wholeValuesWrittenAsDecimalsOrExponentsAreAccepted() {
            assertThat(valid(Types.IntegerType.get(), "1.0")).isEqualTo(1);
            assertThat(valid(Types.IntegerType.get(), "1e3")).isEqualTo(1000);
            assertThat(valid(Types.LongType.get(), "-0.000")).isEqualTo(0L);
        }

        @ParameterizedTest
        @ValueSource(strings = {"2147483648", "-2147483649", "1e10", "99999999999999999999999999"})
        void intRangeIsChecked(String json) {
            Violation violation = invalid(Types.IntegerType.get(), json);
            assertThat(violation.expected()).isEqualTo("int");
            assertThat(violation.actual()).startsWith("number ");
            assertThat(violation.message()).contains("int range -2147483648..2147483647");
        }

        @Test
        void longRangeIsChecked() {
            assertThat(valid(Types.LongType.get(), "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
            assertThat(valid(Types.LongType.get(), "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
            assertThat(invalid(Types.LongType.get(), "9223372036854775808").message())
                    .contains("long range");
            assertThat(invalid(Types.LongType.get(), "-9223372036854775809").message())
                    .contains("long range");
        }

        @Test
        void hugeExponentsFailWithoutBeingExpanded() {
            assertThat(invalid(Types.LongType.get(), "1e999999999").message()).contains("long range");
            assertThat(invalid(Types.LongType.get(), "1e-999999999").message()).isEqualTo("Expected a whole number.");
        }

        @Test
        void fractionsAreNotRounded() {
            assertThat(invalid(Types.IntegerType.get(), "1.5").message()).isEqualTo("Expected a whole number.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"42\"", "true", "null-but-string", "[1]"})
        void stringsAreNotNumbers(String json) {
            if (json.equals("null-but-string")) {
                json = "\"null\"";
            }
            Violation violation = invalid(Types.IntegerType.get(), json);
            assertThat(violation.message()).isEqualTo("Expected a JSON number.");
        }

        @Test
        void textCellsParse() {
            assertThat(validText(Types.IntegerType.get(), "42")).isEqualTo(42);
            assertThat(validText(Types.IntegerType.get(), "+7")).isEqualTo(7);
            assertThat(validText(Types.IntegerType.get(), "007")).isEqualTo(7);
            assertThat(validText(Types.LongType.get(), "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
            assertThat(invalidText(Types.IntegerType.get(), " 42").message()).isEqualTo("Expected a number.");
            assertThat(invalidText(Types.IntegerType.get(), "0x10").message()).isEqualTo("Expected a number.");
            assertThat(invalidText(Types.IntegerType.get(), "4 2").message()).isEqualTo("Expected a number.");
            assertThat(invalidText(Types.IntegerType.get(), "3000000000").message())
                    .contains("int range");
        }

        @Test
        void overlongNumeralsInTextAreRefusedBeforeParsing() {
            assertThat(invalidText(Types.LongType.get(), "1".repeat(5000)).message())
                    .isEqualTo("Expected a number.");
        }
    }

    @Nested
    class Floats {
        @Test
        void finiteValues() {
            assertThat(valid(Types.FloatType.get(), "1.5")).isEqualTo(1.5f);
            assertThat(valid(Types.FloatType.get(), "3.4e38")).isEqualTo(3.4e38f);
            assertThat(valid(Types.DoubleType.get(), "1e308")).isEqualTo(1e308);
            assertThat(valid(Types.DoubleType.get(), "0.1")).isEqualTo(0.1);
            assertThat(valid(Types.DoubleType.get(), "42")).isEqualTo(42.0);
            assertThat(valid(Types.DoubleType.get(), "0")).isEqualTo(0.0);
        }

        @Test
        void overflowIsAViolationNotInfinity() {
            assertThat(invalid(Types.FloatType.get(), "1e39").message())
                    .isEqualTo("The value is too large for a float.");
            assertThat(invalid(Types.DoubleType.get(), "-1e309").message())
                    .isEqualTo("The value is too large for a double.");
            assertThat(invalid(Types.DoubleType.get(), "1e999999999").message()).contains("too large");
        }

        @Test
        void underflowToZeroIsAViolation() {
            assertThat(invalid(Types.FloatType.get(), "1e-50").message()).contains("too small for a float");
            assertThat(invalid(Types.DoubleType.get(), "1e-400").message()).contains("too small for a double");
        }

        @Test
        void nanAndInfinitiesComeAsStrings() {
            assertThat((Float) valid(Types.FloatType.get(), "\"NaN\"")).isNaN();
            assertThat(valid(Types.FloatType.get(), "\"-Infinity\"")).isEqualTo(Float.NEGATIVE_INFINITY);
            assertThat(valid(Types.DoubleType.get(), "\"Infinity\"")).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat((Double) validText(Types.DoubleType.get(), "NaN")).isNaN();
            assertThat(invalid(Types.DoubleType.get(), "\"nan\"").message())
                    .contains("\"NaN\", \"Infinity\" or \"-Infinity\"");
            assertThat(invalid(Types.DoubleType.get(), "\"1.5\"").message())
                    .contains("\"NaN\", \"Infinity\" or \"-Infinity\"");
        }

        @Test
        void bareNanTokensAreNotJson() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> JSON.readTree("{\"v\": NaN}"))
                    .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        }

        @Test
        void nonFiniteDoublesFromOtherMappersAreKept() {
            ObjectNode record = JsonNodeFactory.instance.objectNode().put("v", Double.NaN);
            assertThat((Double) VALIDATOR
                            .validate(record, single(Types.DoubleType.get()))
                            .value()
                            .get("v"))
                    .isNaN();
            assertThat(VALIDATOR.validate(record, single(Types.LongType.get())).violations())
                    .hasSize(1);
            assertThat(VALIDATOR
                            .validate(record, single(Types.DecimalType.of(5, 2)))
                            .violations()
                            .get(0)
                            .message())
                    .isEqualTo("Decimals must be finite.");
        }
    }

    @Nested
    class Decimals {
        final Types.DecimalType money = Types.DecimalType.of(10, 2);

        @Test
        void valuesTakeTheColumnsScaleExactly() {
            assertThat(valid(money, "12.5")).isEqualTo(new BigDecimal("12.50"));
            assertThat(((BigDecimal) valid(money, "12.5")).scale()).isEqualTo(2);
            assertThat(valid(money, "\"12.50\"")).isEqualTo(new BigDecimal("12.50"));
            assertThat(valid(money, "12.340")).isEqualTo(new BigDecimal("12.34"));
            assertThat(valid(money, "1e2")).isEqualTo(new BigDecimal("100.00"));
            assertThat(valid(money, "-0.01")).isEqualTo(new BigDecimal("-0.01"));
            assertThat(valid(money, "99999999.99")).isEqualTo(new BigDecimal("99999999.99"));
            assertThat(validText(money, "7")).isEqualTo(new BigDecimal("7.00"));
        }

        @Test
        void zeroInAnyFormIsZeroAtTheColumnsScale() {
            assertThat(valid(money, "0")).isEqualTo(new BigDecimal("0.00"));
            assertThat(valid(money, "-0.0")).isEqualTo(new BigDecimal("0.00"));
            assertThat(valid(money, "0e999999999")).isEqualTo(new BigDecimal("0.00"));
        }

        @Test
        void moreDecimalPlacesThanTheScaleAreNeverRounded() {
            Violation violation = invalid(money, "12.345");
            assertThat(violation.expected()).isEqualTo("decimal(10, 2)");
            assertThat(violation.actual()).isEqualTo("number 12.345");
            assertThat(violation.message())
                    .contains("more than 2 digits after the decimal point")
                    .contains("never rounded");
            assertThat(invalid(money, "1e-999999999").message()).contains("never rounded");
        }

        @Test
        void precisionIsChecked() {
            Violation violation = invalid(money, "100000000");
            assertThat(violation.message())
                    .isEqualTo("The value has 9 digits before the decimal point; decimal(10, 2) allows 8.");
            assertThat(invalid(money, "1e999999999").message()).contains("digits before the decimal point");
            assertThat(invalid(Types.DecimalType.of(5, 5), "1.0").message()).contains("allows 0");
            assertThat(valid(Types.DecimalType.of(5, 5), "0.12345")).isEqualTo(new BigDecimal("0.12345"));
            assertThat(valid(Types.DecimalType.of(38, 0), "9".repeat(38))).isEqualTo(new BigDecimal("9".repeat(38)));
            assertThat(invalid(Types.DecimalType.of(38, 0), "1" + "0".repeat(38))
                            .message())
                    .contains("39 digits");
        }

        @Test
        void notANumber() {
            assertThat(invalid(money, "\"NaN\"").message()).isEqualTo("Expected a number.");
            assertThat(invalid(money, "\"12,50\"").message()).isEqualTo("Expected a number.");
            assertThat(invalid(money, "true").message()).contains("JSON number or a string");
        }
    }

    @Nested
    class DatesAndTimes {
        @Test
        void dates() {
            assertThat(valid(Types.DateType.get(), "\"2024-02-29\"")).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(valid(Types.DateType.get(), "\"+10000-01-01\"")).isEqualTo(LocalDate.of(10000, 1, 1));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {"\"2023-02-29\"", "\"2024-2-3\"", "\"2024-13-01\"", "\"31/05/2024\"", "\"2024-05-31T00:00\""
                })
        void invalidDates(String json) {
            Violation violation = invalid(Types.DateType.get(), json);
            assertThat(violation.expected()).isEqualTo("date");
            assertThat(violation.message()).isEqualTo("Expected an ISO-8601 date such as 2024-05-31.");
        }

        @Test
        void datesOutsideIcebergsRange() {
            assertThat(invalid(Types.DateType.get(), "\"+999999999-12-31\"").message())
                    .contains("outside the range");
            assertThat(invalid(Types.DateType.get(), "20240531").message())
                    .contains("JSON string holding an ISO-8601 date");
        }

        @Test
        void times() {
            assertThat(valid(Types.TimeType.get(), "\"13:45:30.123456\""))
                    .isEqualTo(LocalTime.of(13, 45, 30, 123_456_000));
            assertThat(valid(Types.TimeType.get(), "\"13:45\"")).isEqualTo(LocalTime.of(13, 45));
            assertThat(invalid(Types.TimeType.get(), "\"13:45:30.1234567\"").message())
                    .contains("more precise than microseconds");
            assertThat(invalid(Types.TimeType.get(), "\"24:00\"").message()).contains("ISO-8601 time");
            assertThat(invalid(Types.TimeType.get(), "\"13:45:30Z\"").message()).contains("ISO-8601 time");
        }

        @Test
        void timestampsWithoutZone() {
            assertThat(valid(Types.TimestampType.withoutZone(), "\"2024-05-31T13:45:30.123456\""))
                    .isEqualTo(LocalDateTime.of(2024, 5, 31, 13, 45, 30, 123_456_000));
            Violation offset = invalid(Types.TimestampType.withoutZone(), "\"2024-05-31T13:45:30Z\"");
            assertThat(offset.expected()).isEqualTo("timestamp");
            assertThat(offset.message()).contains("must not carry an offset").contains("timestamptz");
            assertThat(invalid(Types.TimestampType.withoutZone(), "\"2024-05-31 13:45:30\"")
                            .message())
                    .contains("without offset");
            assertThat(invalid(Types.TimestampType.withoutZone(), "\"2024-05-31T13:45:30.0000001\"")
                            .message())
                    .contains("more precise than microseconds");
        }

        @Test
        void timestamptzNeedsAnOffsetAndIsNormalisedToUtc() {
            assertThat(valid(Types.TimestampType.withZone(), "\"2024-05-31T13:45:30+02:00\""))
                    .isEqualTo(OffsetDateTime.of(2024, 5, 31, 11, 45, 30, 0, ZoneOffset.UTC));
            assertThat(valid(Types.TimestampType.withZone(), "\"2024-05-31T13:45:30.5Z\""))
                    .isEqualTo(OffsetDateTime.of(2024, 5, 31, 13, 45, 30, 500_000_000, ZoneOffset.UTC));
            Violation missing = invalid(Types.TimestampType.withZone(), "\"2024-05-31T13:45:30\"");
            assertThat(missing.expected()).isEqualTo("timestamptz");
            assertThat(missing.message()).contains("needs a UTC offset");
            assertThat(invalid(Types.TimestampType.withZone(), "\"2024-05-31T13:45:30[Europe/Paris]\"")
                            .message())
                    .contains("with a UTC offset");
        }

        @Test
        void nanosecondTimestamps() {
            assertThat(valid(Types.TimestampNanoType.withoutZone(), "\"2024-05-31T13:45:30.123456789\""))
                    .isEqualTo(LocalDateTime.of(2024, 5, 31, 13, 45, 30, 123_456_789));
            assertThat(valid(Types.TimestampNanoType.withZone(), "\"2024-05-31T13:45:30.123456789-05:00\""))
                    .isEqualTo(OffsetDateTime.of(2024, 5, 31, 18, 45, 30, 123_456_789, ZoneOffset.UTC));
            assertThat(invalid(Types.TimestampNanoType.withoutZone(), "\"2300-01-01T00:00:00\"")
                            .message())
                    .contains("years 1677 to 2262");
            assertThat(invalid(Types.TimestampNanoType.withZone(), "\"2024-05-31T13:45:30\"")
                            .message())
                    .contains("needs a UTC offset");
        }

        @Test
        void microsecondTimestampsReachFarButNotForever() {
            assertThat(valid(Types.TimestampType.withoutZone(), "\"+200000-01-01T00:00:00\""))
                    .isNotNull();
            assertThat(invalid(Types.TimestampType.withoutZone(), "\"+300000-01-01T00:00:00\"")
                            .message())
                    .contains("outside the range");
        }
    }

    @Nested
    class Strings {
        @Test
        void unicodeTextIsKept() {
            assertThat(valid(Types.StringType.get(), "\"h\\u00e9llo \\ud83c\\udf89\""))
                    .isEqualTo("héllo 🎉");
            assertThat(valid(Types.StringType.get(), "\"\"")).isEqualTo("");
        }

        @Test
        void spreadsheetFormulasAreJustText() {
            assertThat(valid(Types.StringType.get(), "\"=cmd|' /C calc'!A0\"")).isEqualTo("=cmd|' /C calc'!A0");
        }

        @Test
        void nulIsRejected() {
            Violation violation = invalid(Types.StringType.get(), "\"a\\u0000b\"");
            assertThat(violation.message()).contains("NUL");
            assertThat(violation.actual()).isEqualTo("string \"a\\u0000b\"");
        }

        @Test
        void unpairedSurrogatesAreRejected() {
            assertThat(invalid(Types.StringType.get(), "\"\\ud800x\"").message())
                    .contains("unpaired surrogate");
            assertThat(invalid(Types.StringType.get(), "\"x\\udc00\"").message())
                    .contains("unpaired surrogate");
        }

        @Test
        void numbersAreNotStrings() {
            Violation violation = invalid(Types.StringType.get(), "42");
            assertThat(violation.expected()).isEqualTo("string");
            assertThat(violation.actual()).isEqualTo("number 42");
        }

        @Test
        void lengthIsCountedInCharactersNotUtf16Units() {
            RecordValidator five = new RecordValidator(new ValidationLimits(32, 5));
            Schema schema = single(Types.StringType.get());
            assertThat(five.validate(parse("{\"v\":\"🎉🎉🎉🎉🎉\"}"), schema).isValid())
                    .isTrue();
            Violation violation = five.validate(parse("{\"v\":\"abcdef\"}"), schema)
                    .violations()
                    .get(0);
            assertThat(violation.expected()).isEqualTo("string of at most 5 characters");
            assertThat(violation.actual()).isEqualTo("string of 6 characters");
        }

        @Test
        void longValuesAreTrimmedInViolations() {
            Violation violation = invalid(Types.IntegerType.get(), "\"" + "x".repeat(500) + "\"");
            assertThat(violation.actual()).hasSizeLessThan(80).contains("…").contains("(500 characters)");
        }
    }

    @Nested
    class UuidsAndBytes {
        @Test
        void uuids() {
            UUID id = UUID.fromString("0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69");
            assertThat(valid(Types.UUIDType.get(), "\"0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69\""))
                    .isEqualTo(id);
            assertThat(valid(Types.UUIDType.get(), "\"0190F6C5-8E3A-7B1C-9A4E-2F1D3C4B5A69\""))
                    .isEqualTo(id);
            assertThat(invalid(Types.UUIDType.get(), "\"1-1-1-1-1\"").message()).contains("Expected a UUID");
            assertThat(invalid(Types.UUIDType.get(), "\"0190f6c58e3a7b1c9a4e2f1d3c4b5a69\"")
                            .message())
                    .contains("Expected a UUID");
        }

        @Test
        void fixedIsBase64OfExactlyItsLength() {
            assertThat((byte[]) valid(Types.FixedType.ofLength(4), "\"AQIDBA==\""))
                    .containsExactly(1, 2, 3, 4);
            assertThat((byte[]) valid(Types.FixedType.ofLength(4), "\"AQIDBA\""))
                    .containsExactly(1, 2, 3, 4);
            Violation violation = invalid(Types.FixedType.ofLength(4), "\"AQID\"");
            assertThat(violation.expected()).isEqualTo("fixed[4]");
            assertThat(violation.message()).isEqualTo("Expected exactly 4 bytes, base64-encoded; got 3.");
            assertThat(invalid(Types.FixedType.ofLength(4), "\"!!!!\"").message())
                    .startsWith("Expected base64");
        }

        @Test
        void binaryIsBase64() {
            assertThat(valid(Types.BinaryType.get(), "\"AQID\"")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(valid(Types.BinaryType.get(), "\"\"")).isEqualTo(ByteBuffer.allocate(0));
            assertThat(invalid(Types.BinaryType.get(), "\"AQ ID\"").message()).startsWith("Expected base64");
            assertThat(invalid(Types.BinaryType.get(), "[1,2,3]").message()).contains("base64-encoded bytes");
        }
    }

    @Nested
    class NestedTypes {
        final Types.StructType address = Types.StructType.of(
                required(10, "city", Types.StringType.get()), optional(11, "zip", Types.StringType.get()));

        @Test
        void structsConvertToStructValues() {
            StructValue value = (StructValue) valid(address, "{\"city\": \"Lyon\"}");
            assertThat(value.get("city")).isEqualTo("Lyon");
            assertThat(value.get("zip")).isNull();
        }

        @Test
        void faultsInsideAStructPointIntoIt() {
            Validation validation = check(address, "{\"zip\": 69001, \"country\": \"FR\"}");
            assertThat(validation.violations())
                    .extracting(Violation::pointer)
                    .containsExactly("/v/city", "/v/zip", "/v/country");
            assertThat(validation.violations().get(0).actual()).isEqualTo("missing");
            assertThat(validation.violations().get(2).expected()).isEqualTo("no such field");
            assertThat(invalid(address, "\"Lyon\"").message()).isEqualTo("Expected a JSON object.");
        }

        @Test
        void lists() {
            Types.ListType ints = Types.ListType.ofRequired(20, Types.IntegerType.get());
            assertThat(valid(ints, "[1, 2, 3]")).isEqualTo(List.of(1, 2, 3));
            assertThat(valid(ints, "[]")).isEqualTo(List.of());
            Violation nullElement = invalid(ints, "[1, null]");
            assertThat(nullElement.pointer()).isEqualTo("/v/1");
            assertThat(nullElement.message()).contains("must not be null");
            assertThat(invalid(ints, "[1, \"2\"]").pointer()).isEqualTo("/v/1");
            assertThat(valid(Types.ListType.ofOptional(20, Types.IntegerType.get()), "[1, null]"))
                    .isEqualTo(Arrays.asList(1, null));
            assertThat(invalid(ints, "{\"0\": 1}").message()).isEqualTo("Expected a JSON array.");
        }

        @Test
        void mapsWithStringKeys() {
            Types.MapType counts = Types.MapType.ofRequired(30, 31, Types.StringType.get(), Types.IntegerType.get());
            assertThat(valid(counts, "{\"a\": 1, \"b\": 2}")).isEqualTo(Map.of("a", 1, "b", 2));
            Violation nullValue = invalid(counts, "{\"a\": null}");
            assertThat(nullValue.pointer()).isEqualTo("/v/a");
            assertThat(invalid(counts, "[[\"a\", 1]]").message()).contains("JSON object whose keys");
        }

        @Test
        void mapKeysOfOtherTypesAreParsedFromTheKeyString() {
            Types.MapType byDay = Types.MapType.ofOptional(30, 31, Types.DateType.get(), Types.LongType.get());
            assertThat(valid(byDay, "{\"2024-05-31\": 3, \"2024-06-01\": null}"))
                    .isEqualTo(new java.util.LinkedHashMap<>(Map.of(LocalDate.of(2024, 5, 31), 3L)) {
                        {
                            put(LocalDate.of(2024, 6, 1), null);
                        }
                    });
            Violation badKey = invalid(byDay, "{\"yesterday\": 3}");
            assertThat(badKey.pointer()).isEqualTo("/v/yesterday");
            assertThat(badKey.actual()).isEqualTo("key \"yesterday\"");
            Types.MapType byId = Types.MapType.ofRequired(30, 31, Types.IntegerType.get(), Types.StringType.get());
            assertThat(valid(byId, "{\"1\": \"a\", \"-2\": \"b\"}")).isEqualTo(Map.of(1, "a", -2, "b"));
            Violation duplicate = invalid(byId, "{\"1\": \"a\", \"01\": \"b\"}");
            assertThat(duplicate.pointer()).isEqualTo("/v/01");
            assertThat(duplicate.message()).contains("same int as an earlier key");
        }

        @Test
        void mapsKeyedByStructsCannotBeJson() {
            Types.MapType odd = Types.MapType.ofRequired(
                    30, 31, Types.StructType.of(required(40, "a", Types.IntegerType.get())), Types.IntegerType.get());
            assertThat(invalid(odd, "{}").message()).contains("cannot be written as JSON objects");
        }

        @Test
        void deepNestingIsBounded() {
            RecordValidator shallow = new RecordValidator(new ValidationLimits(2, 100));
            Types.StructType level3 = Types.StructType.of(optional(3, "c", Types.IntegerType.get()));
            Types.StructType level2 = Types.StructType.of(optional(2, "b", level3));
            Schema schema = new Schema(optional(1, "a", level2));
            assertThat(shallow.validate(parse("{\"a\": {\"b\": null}}"), schema).isValid())
                    .isTrue();
            Validation deep = shallow.validate(parse("{\"a\": {\"b\": {\"c\": 1}}}"), schema);
            assertThat(deep.violations()).singleElement().satisfies(v -> {
                assertThat(v.pointer()).isEqualTo("/a/b");
                assertThat(v.message()).contains("deeper than the limit of 2 levels");
            });
        }

        @Test
        void structsInTextCellsAreJsonText() {
            assertThat(((StructValue) validText(address, "{\"city\":\"Lyon\",\"zip\":\"69001\"}")).get("zip"))
                    .isEqualTo("69001");
            Violation broken = invalidText(address, "{city: Lyon}");
            assertThat(broken.expected()).isEqualTo("struct as JSON text");
            assertThat(broken.message()).startsWith("The value is not valid JSON");
            assertThat(validText(Types.ListType.ofRequired(20, Types.LongType.get()), "[1,2]"))
                    .isEqualTo(List.of(1L, 2L));
            // Inside JSON text values are typed JSON again: a quoted number is not a long.
            assertThat(invalidText(Types.ListType.ofRequired(20, Types.LongType.get()), "[\"1\"]")
                            .pointer())
                    .isEqualTo("/v/0");
        }
    }

    @Nested
    class Records {
        final Schema schema = new Schema(
                required(1, "id", Types.LongType.get()),
                optional(2, "name", Types.StringType.get()),
                required(3, "a/b~c", Types.IntegerType.get()));

        @Test
        void requiredFieldsMustBePresentAndNotNull() {
            Validation missing = VALIDATOR.validate(parse("{\"a/b~c\": 1}"), schema);
            assertThat(missing.violations()).singleElement().satisfies(v -> {
                assertThat(v.pointer()).isEqualTo("/id");
                assertThat(v.expected()).isEqualTo("long");
                assertThat(v.actual()).isEqualTo("missing");
                assertThat(v.message()).isEqualTo("Required field 'id' is missing.");
            });
            Validation isNull = VALIDATOR.validate(parse("{\"id\": null, \"a/b~c\": 1}"), schema);
            assertThat(isNull.violations())
                    .singleElement()
                    .extracting(Violation::actual)
                    .isEqualTo("null");
        }

        @Test
        void optionalFieldsMayBeMissingOrNull() {
            assertThat(VALIDATOR
                            .validate(parse("{\"id\": 1, \"a/b~c\": 1}"), schema)
                            .value()
                            .get("name"))
                    .isNull();
            assertThat(VALIDATOR
                            .validate(parse("{\"id\": 1, \"name\": null, \"a/b~c\": 1}"), schema)
                            .isValid())
                    .isTrue();
        }

        @Test
        void unknownFieldsAreViolationsAndNamesAreCaseSensitive() {
            Validation validation = VALIDATOR.validate(parse("{\"id\": 1, \"a/b~c\": 1, \"Name\": \"x\"}"), schema);
            assertThat(validation.violations()).singleElement().satisfies(v -> {
                assertThat(v.pointer()).isEqualTo("/Name");
                assertThat(v.expected()).isEqualTo("no such field");
                assertThat(v.actual()).isEqualTo("string \"x\"");
                assertThat(v.message()).contains("not in the contract");
            });
        }

        @Test
        void pointersEscapeSlashAndTilde() {
            Validation validation = VALIDATOR.validate(parse("{\"id\": 1, \"a/b~c\": \"x\"}"), schema);
            assertThat(validation.violations())
                    .singleElement()
                    .extracting(Violation::pointer)
                    .isEqualTo("/a~1b~0c");
        }

        @Test
        void everyViolationIsReportedNotJustTheFirst() {
            Validation validation = VALIDATOR.validate(parse("{\"id\": \"x\", \"name\": 5, \"zzz\": 0}"), schema);
            assertThat(validation.violations())
                    .extracting(Violation::pointer)
                    .containsExactly("/id", "/name", "/a~1b~0c", "/zzz");
        }

        @Test
        void violationsPerRecordAreCapped() {
            StringBuilder json = new StringBuilder("{\"id\": 1, \"a/b~c\": 1");
            for (int i = 0; i < 500; i++) {
                json.append(", \"extra").append(i).append("\": 0");
            }
            Validation validation = VALIDATOR.validate(parse(json + "}"), schema);
            assertThat(validation.violations()).hasSize(RecordValidator.MAX_VIOLATIONS_PER_RECORD);
        }

        @Test
        void aRecordMustBeAnObject() {
            Validation validation = VALIDATOR.validate(parse("[1, 2]"), schema);
            assertThat(validation.violations()).singleElement().satisfies(v -> {
                assertThat(v.pointer()).isEmpty();
                assertThat(v.actual()).isEqualTo("array of 2 elements");
            });
        }

        @Test
        void writeDefaultsFillMissingFields() {
            Schema withDefaults = new Schema(
                    Types.NestedField.required("day")
                            .withId(1)
                            .ofType(Types.DateType.get())
                            .withWriteDefault(Literal.of("2024-01-01").to(Types.DateType.get()))
                            .build(),
                    Types.NestedField.optional("label")
                            .withId(2)
                            .ofType(Types.StringType.get())
                            .withWriteDefault(Literal.of("none"))
                            .build());
            StructValue value = VALIDATOR.validate(parse("{}"), withDefaults).value();
            assertThat(value.get("day")).isEqualTo(LocalDate.of(2024, 1, 1));
            assertThat(value.get("label")).isEqualTo("none");
            // An explicit null is the producer's choice and is not replaced.
            assertThat(VALIDATOR
                            .validate(parse("{\"label\": null}"), withDefaults)
                            .value()
                            .get("label"))
                    .isNull();
        }

        @Test
        void typesTheIngestApiCannotWriteFailOnlyWhenGiven() {
            Schema odd = new Schema(
                    required(1, "id", Types.IntegerType.get()),
                    optional(2, "v", Types.VariantType.get()),
                    optional(3, "u", Types.UnknownType.get()));
            assertThat(VALIDATOR
                            .validate(parse("{\"id\": 1, \"u\": null}"), odd)
                            .isValid())
                    .isTrue();
            assertThat(VALIDATOR
                            .validate(parse("{\"id\": 1, \"v\": {\"a\": 1}}"), odd)
                            .violations())
                    .singleElement()
                    .extracting(Violation::message)
                    .asString()
                    .contains("cannot be written through the ingest API");
            assertThat(VALIDATOR.validate(parse("{\"id\": 1, \"u\": 1}"), odd).violations())
                    .singleElement()
                    .extracting(Violation::message)
                    .asString()
                    .contains("can only be null");
        }
    }

    /** Whatever is published must validate again to the same values: the lake writer relies on it. */
    @Test
    void everyTypeRoundTripsThroughTheKafkaForm() throws Exception {
        Schema all = new Schema(
                required(1, "b", Types.BooleanType.get()),
                required(2, "i", Types.IntegerType.get()),
                required(3, "l", Types.LongType.get()),
                required(4, "f", Types.FloatType.get()),
                required(5, "d", Types.DoubleType.get()),
                required(6, "dec", Types.DecimalType.of(12, 3)),
                required(7, "date", Types.DateType.get()),
                required(8, "time", Types.TimeType.get()),
                required(9, "ts", Types.TimestampType.withoutZone()),
                required(10, "tstz", Types.TimestampType.withZone()),
                required(11, "tsns", Types.TimestampNanoType.withoutZone()),
                required(12, "s", Types.StringType.get()),
                required(13, "u", Types.UUIDType.get()),
                required(14, "fx", Types.FixedType.ofLength(2)),
                required(15, "bin", Types.BinaryType.get()),
                required(16, "st", Types.StructType.of(optional(17, "x", Types.DoubleType.get()))),
                required(18, "li", Types.ListType.ofOptional(19, Types.TimestampType.withZone())),
                required(20, "m", Types.MapType.ofOptional(21, 22, Types.DecimalType.of(4, 1), Types.StringType.get())),
                optional(23, "nothing", Types.StringType.get()));
        String json = """
                {"b": true, "i": -5, "l": 9007199254740993, "f": "NaN", "d": 1e-300, "dec": 12.5,
                 "date": "1970-01-01", "time": "00:00:00", "ts": "2024-05-31T13:45:30.000001",
                 "tstz": "2024-05-31T13:45:30-07:00", "tsns": "2024-05-31T13:45:30.000000001",
                 "s": "é\\"\\n", "u": "0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69", "fx": "AAE=", "bin": "",
                 "st": {"x": "-Infinity"}, "li": [null, "2024-01-01T00:00:00Z"], "m": {"1.5": "a", "-2": null}}
                """;
        StructValue first = VALIDATOR.validate(parse(json), all).value();
        assertThat(first).isNotNull();
        byte[] published = RecordJson.write(first);
        JsonNode republished = JSON.readTree(published);
        assertThat(republished.get("dec").textValue()).isEqualTo("12.500");
        assertThat(republished.get("tstz").textValue()).isEqualTo("2024-05-31T20:45:30Z");
        assertThat(republished.get("f").textValue()).isEqualTo("NaN");
        assertThat(republished.get("m").get("1.5").textValue()).isEqualTo("a");
        assertThat(republished.get("m").has("-2.0")).isTrue();
        assertThat(republished.get("nothing").isNull()).isTrue();
        StructValue second = VALIDATOR.validate(republished, all).value();
        assertThat(second).isNotNull();
        assertThat(RecordJson.write(second)).isEqualTo(published);
        assertThat(second.get("l")).isEqualTo(9007199254740993L);
    }

    @Test
    void numeralsAreTheOnesTheNumberPatternMatches() {
        Pattern number = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
        List<String> texts = List.of(
                "",
                "+",
                "-",
                ".",
                "1",
                "-1",
                "+1",
                "1.",
                ".5",
                "-.5",
                "1.5",
                "1e5",
                "1E+5",
                "1e-5",
                "1e",
                "1e+",
                ".e1",
                "1.e1",
                "1.5e10",
                "--1",
                "1..2",
                "1e5.0",
                " 1",
                "1 ",
                "0x10",
                "١",
                "1_000",
                "NaN",
                "Infinity",
                "+.",
                "e5",
                "1e5e5",
                "00012.3400");
        for (String text : texts) {
            assertThat(RecordValidator.numeral(text))
                    .as(text)
                    .isEqualTo(number.matcher(text).matches());
        }
    }
}
