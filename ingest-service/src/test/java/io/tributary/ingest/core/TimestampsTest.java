package io.tributary.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The direct path gives what the ISO formatters give, value for value and error for error. */
class TimestampsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-05-31T13:45:30Z", "2024-05-31T13:45:30.123456Z", "2024-05-31T13:45:30.1Z",
                        "2024-05-31T13:45:30.123456789Z",
                "2024-05-31T13:45:30+02:00", "2024-05-31T13:45:30.5-07:30", "2024-05-31T13:45:30-00:00",
                        "2024-05-31T13:45:30+00:00",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T00:00:00Z", "2024-05-31T13:45Z",
                "2024-05-31t13:45:30z", "2024-05-31T13:45:30+02:00:30", "+10000-01-01T00:00:00Z",
                        "2024-05-31T13:45:30+18:00",
                "2024-05-31T13:45:30.Z", "-2024-05-31T13:45:30+02:00",
            })
    void parsesOffsetsAsTheFormatterDoes(String text) {
        assertThat(Timestamps.parseOffset(text))
                .isEqualTo(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-05-31T24:00:00Z", "2024-05-31T13:60:00Z",
                "2024-05-31T13:45:60Z", "2024-05-31T13:45:30", "2024-05-31T13:45:30+19:00", "2024-05-31T13:45:30+02:60",
                "2024-05-31T13:45:30.1234567890Z", "2024-05-31 13:45:30Z", "2024-5-31T13:45:30Z",
                        "2024-05-31T13:45:3aZ",
                "2024-05-31T13:45:30+0200", "2024-05-31T13:45:30.12a4Z", "２０２４-05-31T13:45:30Z",
                        "2024-05-31T13:45:30Z ",
                "2024-05-31T13:45:30.-1Z",
            })
    void refusesOffsetsAsTheFormatterDoes(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parseOffset(text)).isInstanceOf(DateTimeParseException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-05-31T13:45:30",
                "2024-05-31T13:45:30.000001",
                "2024-05-31T13:45",
                "0000-01-01T00:00:00",
                "+10000-01-01T00:00:00",
                "2024-05-31T13:45:30.",
            })
    void parsesLocalTimestampsAsTheFormatterDoes(String text) {
        assertThat(Timestamps.parseLocal(text))
                .isEqualTo(LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"2024-05-31T13:45:30Z", "2024-05-31T25:45:30", "2024-05-31T13:45:30.1.", "2024-02-30T00:00:00"})
    void refusesLocalTimestampsAsTheFormatterDoes(String text) {
        assertThatThrownBy(() -> LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME))
                .isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parseLocal(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void writesAndReadsBackWhatTheFormattersWriteAndRead() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(-62_167_219_200L, 253_402_300_800L); // years 0 to 9999
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000_000) * 1000;
                case 2 -> random.nextInt(1000) * 1_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            LocalDateTime local = LocalDateTime.ofEpochSecond(second, nano, ZoneOffset.UTC);
            OffsetDateTime utc = OffsetDateTime.of(local, ZoneOffset.UTC);
            OffsetDateTime shifted = OffsetDateTime.of(local, ZoneOffset.ofHoursMinutes(random.nextInt(-12, 13), 0));

            String localText = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(local);
            String utcText = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(utc);
            String shiftedText = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(shifted);
            assertThat(Timestamps.format(local)).isEqualTo(localText);
            assertThat(Timestamps.format(utc)).isEqualTo(utcText);
            assertThat(Timestamps.format(shifted)).isEqualTo(shiftedText);
            assertThat(Timestamps.parseLocal(localText)).isEqualTo(local);
            assertThat(Timestamps.parseOffset(utcText)).isEqualTo(utc);
            assertThat(Timestamps.parseOffset(shiftedText)).isEqualTo(shifted);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-05-31",
                "0000-01-01",
                "9999-12-31",
                "2024-02-29",
                "+10000-01-01",
                "-0001-12-31",
                "1970-01-01",
            })
    void parsesDatesAsTheFormatterDoes(String text) {
        LocalDate date = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
        assertThat(Timestamps.parseDate(text)).isEqualTo(date);
        assertThat(Timestamps.format(date)).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE.format(date));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2023-02-29",
                "2024-13-01",
                "2024-00-10",
                "2024-05-00",
                "2024-5-31",
                "2024/05/31",
                "20240531",
                "２０２４-05-31",
                "2024-05-31 ",
                "2024-05-3a",
                "2024-05-31T00:00",
            })
    void refusesDatesAsTheFormatterDoes(String text) {
        assertThatThrownBy(() -> LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE))
                .isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parseDate(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void writesDatesAsTheFormatterDoes() {
        for (long day = LocalDate.of(-2, 1, 1).toEpochDay();
                day < LocalDate.of(10001, 1, 1).toEpochDay();
                day += 97) {
            LocalDate date = LocalDate.ofEpochDay(day);
            assertThat(Timestamps.format(date)).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE.format(date));
        }
    }
}
