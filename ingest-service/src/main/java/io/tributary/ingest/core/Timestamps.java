package io.tributary.ingest.core;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 timestamps as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} and {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME}
 * read and write them, with the same results, but with a direct path for the form nearly every producer sends
 * ({@code 2024-05-31T13:45:30[.123456](Z|+02:00)}): the general formatters cost microseconds per value, which on a
 * record with a timestamp column is more than the rest of its check. Anything off the direct path goes to the
 * formatters, so errors and unusual forms behave exactly as they do there. Dates ({@code 2024-05-31}) likewise.
 */
public final class Timestamps {

    private Timestamps() {}

    /** As {@code OffsetDateTime.parse(text, ISO_OFFSET_DATE_TIME)}; throws its DateTimeParseException. */
    public static OffsetDateTime parseOffset(String text) {
        int n = text.length();
        int end = n;
        ZoneOffset offset = null;
        if (n >= 20 && text.charAt(n - 1) == 'Z') {
            end = n - 1;
            offset = ZoneOffset.UTC;
        } else if (n >= 25 && text.charAt(n - 3) == ':' && (text.charAt(n - 6) == '+' || text.charAt(n - 6) == '-')) {
            end = n - 6;
            int hours = twoDigits(text, n - 5);
            int minutes = twoDigits(text, n - 2);
            offset = hours < 0 || minutes < 0 ? null : offset(text.charAt(end) == '-', hours, minutes);
        }
        LocalDateTime local = offset == null ? null : local(text, end);
        return local != null
                ? OffsetDateTime.of(local, offset)
                : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** As {@code LocalDateTime.parse(text, ISO_LOCAL_DATE_TIME)}; throws its DateTimeParseException. */
    public static LocalDateTime parseLocal(String text) {
        LocalDateTime local = local(text, text.length());
        return local != null ? local : LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }

    /** As {@code LocalDate.parse(text, ISO_LOCAL_DATE)}; throws its DateTimeParseException. */
    public static LocalDate parseDate(String text) {
        if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            int century = twoDigits(text, 0);
            int year = twoDigits(text, 2);
            int month = twoDigits(text, 5);
            int day = twoDigits(text, 8);
            if ((century | year | month | day) >= 0) {
                try {
                    return LocalDate.of(century * 100 + year, month, day);
                } catch (DateTimeException e) {
                    // e.g. February 30th: the formatter words the error
                }
            }
        }
        return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
    }

    /** As {@code ISO_LOCAL_DATE.format(value)}. */
    public static String format(LocalDate value) {
        if (!plainYear(value.getYear())) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(value);
        }
        StringBuilder out = new StringBuilder(10);
        pad(out, value.getYear(), 4).append('-');
        pad(out, value.getMonthValue(), 2).append('-');
        return pad(out, value.getDayOfMonth(), 2).toString();
    }

    /** As {@code ISO_OFFSET_DATE_TIME.format(value)}. */
    public static String format(OffsetDateTime value) {
        if (value.getOffset() != ZoneOffset.UTC || !plainYear(value.getYear())) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);
        }
        StringBuilder out = new StringBuilder(30);
        local(out, value.toLocalDateTime());
        return out.append('Z').toString();
    }

    /** As {@code ISO_LOCAL_DATE_TIME.format(value)}. */
    public static String format(LocalDateTime value) {
        if (!plainYear(value.getYear())) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(value);
        }
        StringBuilder out = new StringBuilder(29);
        local(out, value);
        return out.toString();
    }

    private static boolean plainYear(int year) {
        return year >= 0 && year <= 9999;
    }

    private static void local(StringBuilder out, LocalDateTime value) {
        pad(out, value.getYear(), 4).append('-');
        pad(out, value.getMonthValue(), 2).append('-');
        pad(out, value.getDayOfMonth(), 2).append('T');
        pad(out, value.getHour(), 2).append(':');
        pad(out, value.getMinute(), 2).append(':');
        pad(out, value.getSecond(), 2);
        int nano = value.getNano();
        if (nano != 0) {
            int digits = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                digits--;
            }
            pad(out.append('.'), nano, digits);
        }
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]} in {@code text[0, end)}, or null to leave it to the formatter. */
    private static LocalDateTime local(String text, int end) {
        if (end < 19
                || end > 29
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int century = twoDigits(text, 0);
        int year = twoDigits(text, 2);
        int month = twoDigits(text, 5);
        int day = twoDigits(text, 8);
        int hour = twoDigits(text, 11);
        int minute = twoDigits(text, 14);
        int second = twoDigits(text, 17);
        if ((century | year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int nano = 0;
        if (end > 19) {
            if (text.charAt(19) != '.' || end == 20) {
                return null;
            }
            for (int i = 20; i < 29; i++) {
                int digit = i < end ? text.charAt(i) - '0' : 0;
                if (digit < 0 || digit > 9) {
                    return null;
                }
                nano = nano * 10 + digit;
            }
        }
        try {
            return LocalDateTime.of(century * 100 + year, month, day, hour, minute, second, nano);
        } catch (DateTimeException e) {
            return null; // e.g. February 30th: the formatter words the error
        }
    }

    private static ZoneOffset offset(boolean negative, int hours, int minutes) {
        try {
            return negative ? ZoneOffset.ofHoursMinutes(-hours, -minutes) : ZoneOffset.ofHoursMinutes(hours, minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The value of two ASCII digits at {@code at}, or -1. */
    private static int twoDigits(String text, int at) {
        int tens = text.charAt(at) - '0';
        int ones = text.charAt(at + 1) - '0';
        return tens < 0 || tens > 9 || ones < 0 || ones > 9 ? -1 : tens * 10 + ones;
    }
}
