package io.tributary.governance.core.pii;

import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Dates of birth: a column whose name says so ({@code dob}, {@code birth_date}, {@code dateOfBirth},
 * {@code birthday}, {@code geburtsdatum}...) holding dates that lie in the past and give an age of 0 to 120. Dates
 * are read in ISO ({@code 1985-03-14}, also with a time of day), {@code yyyy/MM/dd}, {@code dd.MM.yyyy},
 * {@code MM/dd/yyyy} or {@code dd/MM/yyyy}, {@code dd-MM-yyyy} and {@code 14 Mar 1985} / {@code March 14, 1985}. A
 * date alone is not enough: most dates in a table are when something happened, not when someone was born.
 */
public final class DateOfBirthDetector implements PiiDetector {

    private static final List<String> NAMES =
            List.of("dob", "birthday", "birthdate", "dateofbirth", "geburtsdatum", "geburtstag", "birthdt");
    private static final String[] MONTHS = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
    };

    private final LocalDate today;

    public DateOfBirthDetector() {
        this(LocalDate.now(ZoneOffset.UTC));
    }

    /** @param today the day ages are counted to */
    public DateOfBirthDetector(LocalDate today) {
        this.today = today;
    }

    @Override
    public String tag() {
        return "pii.dob";
    }

    @Override
    public Evidence evidence() {
        return Evidence.COLUMN_NAME_AND_VALUES;
    }

    @Override
    public boolean matchesColumnName(String column) {
        List<String> words = ColumnNames.words(column);
        for (String word : words) {
            if (NAMES.contains(word)) {
                return true;
            }
        }
        return ColumnNames.containsRun(words, "birth", "date")
                || ColumnNames.containsRun(words, "birth", "day")
                || ColumnNames.containsRun(words, "date", "of", "birth")
                || ColumnNames.containsRun(words, "born", "on")
                || ColumnNames.containsRun(words, "fecha", "nacimiento")
                || ColumnNames.containsRun(words, "fecha", "de", "nacimiento")
                || ColumnNames.containsRun(words, "date", "de", "naissance")
                || ColumnNames.containsRun(words, "data", "di", "nascita");
    }

    /** Whether the value is a date, in a format above, at most 120 years before today and not after it. */
    @Override
    public boolean matches(String value) {
        if (value == null || value.length() > 40) {
            return false;
        }
        LocalDate date = parse(value.strip());
        return date != null && !date.isAfter(today) && !date.isBefore(today.minusYears(120));
    }

    /** The date the value states, or null. For {@code nn/nn/yyyy} the US reading wins when both are dates. */
    LocalDate parse(String v) {
        int n = v.length();
        if (n >= 10 && digits(v, 0, 4) && (v.charAt(4) == '-' || v.charAt(4) == '/') && v.charAt(7) == v.charAt(4)) {
            if (!digits(v, 5, 7) || !digits(v, 8, 10) || (n > 10 && !timeOfDay(v, 10))) {
                return null;
            }
            return date(number(v, 0, 4), number(v, 5, 7), number(v, 8, 10));
        }
        if (n == 10 && digits(v, 0, 2) && digits(v, 3, 5) && digits(v, 6, 10) && v.charAt(2) == v.charAt(5)) {
            int a = number(v, 0, 2);
            int b = number(v, 3, 5);
            int year = number(v, 6, 10);
            return switch (v.charAt(2)) {
                case '.', '-' -> date(year, b, a);
                case '/' -> {
                    LocalDate us = date(year, a, b);
                    yield us != null ? us : date(year, b, a);
                }
                default -> null;
            };
        }
        return withMonthName(v);
    }

    /** {@code 14 Mar 1985}, {@code 14 March 1985}, {@code Mar 14, 1985}, {@code March 14 1985}. */
    private static LocalDate withMonthName(String v) {
        String[] parts = v.replace(",", " ").trim().split(" +", 4);
        if (parts.length != 3) {
            return null;
        }
        int monthFirst = month(parts[0]);
        if (monthFirst > 0 && day(parts[1]) && year(parts[2])) {
            return date(Integer.parseInt(parts[2]), monthFirst, Integer.parseInt(parts[1]));
        }
        int monthSecond = month(parts[1]);
        if (monthSecond > 0 && day(parts[0]) && year(parts[2])) {
            return date(Integer.parseInt(parts[2]), monthSecond, Integer.parseInt(parts[0]));
        }
        return null;
    }

    private static int month(String word) {
        if (word.length() < 3 || word.length() > 9) {
            return 0;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        for (int m = 0; m < 12; m++) {
            if (lower.startsWith(MONTHS[m])
                    && (lower.length() == 3 || fullMonth(m).startsWith(lower))) {
                return m + 1;
            }
        }
        return 0;
    }

    private static String fullMonth(int m) {
        return Month.of(m + 1).name().toLowerCase(Locale.ROOT);
    }

    private static boolean day(String s) {
        return (s.length() == 1 || s.length() == 2) && digits(s, 0, s.length());
    }

    private static boolean year(String s) {
        return s.length() == 4 && digits(s, 0, 4);
    }

    /** {@code THH:mm[:ss[.fff]][Z|±hh:mm]} or the same after a space: a timestamp column of births at midnight. */
    private static boolean timeOfDay(String v, int from) {
        char t = v.charAt(from);
        if ((t != 'T' && t != ' ') || v.length() < from + 6) {
            return false;
        }
        for (int i = from + 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= '0' && c <= '9') || c == ':' || c == '.' || c == 'Z' || c == '+' || c == '-')) {
                return false;
            }
        }
        return digits(v, from + 1, from + 3) && v.charAt(from + 3) == ':' && digits(v, from + 4, from + 6);
    }

    private static LocalDate date(int year, int month, int day) {
        if (month < 1
                || month > 12
                || day < 1
                || day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    private static boolean digits(String v, int from, int to) {
        if (to > v.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String v, int from, int to) {
        return Integer.parseInt(v, from, to, 10);
    }

    @Override
    public String redact(String value) {
        LocalDate date = parse(value.strip());
        return date == null ? Redaction.HIDDEN : date.getYear() + "-**-**";
    }
}
