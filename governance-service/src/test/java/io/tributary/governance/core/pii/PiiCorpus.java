package io.tributary.governance.core.pii;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A labelled corpus per tag, generated from a fixed seed: positives in the formats people write, and negatives that
 * are near misses (a wrong check digit, an unissued range, a date where a phone number might be) or other tags'
 * positives.
 */
final class PiiCorpus {

    /** One value in one column, and whether it is the tag's kind. */
    record Sample(String column, String value, boolean positive) {}

    static final long SEED = 20261206L;
    static final int PER_CLASS = 1200;
    private static final String NEUTRAL = "value";

    private final Random random;
    private final LocalDate today;

    private PiiCorpus(long seed, LocalDate today) {
        this.random = new Random(seed);
        this.today = today;
    }

    /** Samples by tag, positives first. */
    static Map<String, List<Sample>> generate(long seed, LocalDate today) {
        return new PiiCorpus(seed, today).all();
    }

    private Map<String, List<Sample>> all() {
        Map<String, List<Sample>> corpus = new LinkedHashMap<>();
        corpus.put("pii.email", build(() -> pos(email()), this::emailNegative));
        corpus.put("pii.phone", build(() -> pos(phone()), this::phoneNegative));
        corpus.put("pii.iban", build(() -> pos(iban()), this::ibanNegative));
        corpus.put("pii.card", build(() -> pos(card()), this::cardNegative));
        corpus.put("pii.ip", build(() -> pos(ip()), this::ipNegative));
        corpus.put("pii.ssn", build(this::ssnPositive, this::ssnNegative));
        corpus.put("pii.dob", build(this::dobPositive, this::dobNegative));
        corpus.put("pii.name", build(this::namePositive, this::nameNegative));
        return corpus;
    }

    private List<Sample> build(Supplier<Sample> positive, Supplier<Sample> negative) {
        List<Sample> samples = new ArrayList<>(2 * PER_CLASS);
        for (int i = 0; i < PER_CLASS; i++) {
            samples.add(positive.get());
        }
        for (int i = 0; i < PER_CLASS; i++) {
            samples.add(negative.get());
        }
        return samples;
    }

    private static Sample pos(String value) {
        return new Sample(NEUTRAL, value, true);
    }

    private static Sample neg(String value) {
        return new Sample(NEUTRAL, value, false);
    }

    // ---- shared pieces

    private static final String[] FIRST = {"anna", "jon", "maria", "li", "omar", "sven", "zoë", "pat", "ada", "noah"};
    private static final String[] LAST = {"smith", "mueller", "garcia", "nguyen", "okafor", "rossi", "kim", "ivanova"};
    private static final String[] TLDS = {"com", "org", "net", "de", "io", "info", "museum", "co.uk", "com.au", "fr"};
    private static final String[] WORDS = {"example", "mail", "acme", "tributary", "uni-berlin", "web", "x", "b2b"};

    private int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private String digits(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private String nonZeroDigits(int n) {
        return (char) ('1' + random.nextInt(9)) + digits(n - 1);
    }

    /** A value of some other kind, or noise: what a column of another kind holds. */
    private String other(String except) {
        return switch (random.nextInt(12)) {
            case 0 -> except.equals("email") ? uuid() : email();
            case 1 -> except.equals("phone") ? version() : phone();
            case 2 -> except.equals("iban") ? orderId() : iban();
            case 3 -> except.equals("card") ? plainInteger() : card();
            case 4 -> except.equals("ip") ? word() : ip();
            case 5 -> except.equals("ssn") ? uuid() : ssnFormatted();
            case 6 -> uuid();
            case 7 -> version();
            case 8 -> orderId();
            case 9 ->
                except.equals("dob")
                        ? version()
                        : isoDate(LocalDate.of(between(1990, 2030), between(1, 12), between(1, 28)));
            case 10 -> plainInteger();
            default -> word();
        };
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String version() {
        return switch (random.nextInt(4)) {
            case 0 -> between(0, 20) + "." + between(0, 30) + "." + between(0, 99);
            case 1 -> "v" + between(0, 9) + "." + between(0, 30) + "." + between(0, 9) + "." + between(0, 999);
            case 2 -> between(1, 5) + "." + between(0, 20) + "." + between(0, 9) + "-SNAPSHOT";
            default -> between(1, 3) + "." + between(0, 99);
        };
    }

    private String orderId() {
        return switch (random.nextInt(6)) {
            case 0 -> "ORD-" + digits(8);
            case 1 -> between(2015, 2026) + "-" + digits(6);
            case 2 -> "PO " + digits(6) + "-" + digits(2);
            case 3 -> "#" + digits(9);
            case 4 -> "INV/" + between(2015, 2026) + "/" + digits(5);
            default -> between(2015, 2026) + "-" + String.format("%02d", between(1, 12)) + "-" + digits(6);
        };
    }

    private String plainInteger() {
        return nonZeroDigits(between(6, 16));
    }

    private String word() {
        return pick(new String[] {"pending", "Berlin", "n/a", "true", "42", "3.14", "1,234.56", "ACME GmbH", "12:30:45"
                })
                + (random.nextBoolean() ? "" : " " + pick(LAST));
    }

    private static String isoDate(LocalDate d) {
        return d.toString();
    }

    // ---- e-mail

    private String email() {
        String first = pick(FIRST).replace("ë", "e");
        String last = pick(LAST);
        String local = switch (random.nextInt(6)) {
            case 0 -> first + "." + last;
            case 1 -> first + "_" + last + between(1, 99);
            case 2 -> first.charAt(0) + last;
            case 3 -> first + "+" + pick(WORDS).replace("-", "");
            case 4 -> first.toUpperCase(Locale.ROOT) + "." + last;
            default -> first + "-" + last + "." + between(1960, 2010);
        };
        String domain = (random.nextInt(4) == 0 ? "mail." : "") + pick(WORDS) + "." + pick(TLDS);
        return local + "@" + domain;
    }

    private Sample emailNegative() {
        String e = email();
        int at = e.indexOf('@');
        String local = e.substring(0, at);
        String domain = e.substring(at + 1);
        return neg(
                switch (random.nextInt(14)) {
                    case 0 -> local + ".." + "x@" + domain;
                    case 1 -> "." + e;
                    case 2 -> local + ".@" + domain;
                    case 3 -> local + " " + pick(LAST) + "@" + domain;
                    case 4 -> local + "@" + pick(WORDS);
                    case 5 -> local + "@" + domain.replace(".", "..");
                    case 6 -> local + "@@" + domain;
                    case 7 -> "@" + domain;
                    case 8 -> local + "@" + domain + ".";
                    case 9 -> local + "(at)" + domain;
                    case 10 -> local + "@" + pick(WORDS) + ".c" + between(0, 9) + "m";
                    case 11 -> local + "@-" + domain;
                    case 12 -> "https://" + domain + "/" + local;
                    default -> other("email");
                });
    }

    // ---- phone

    private static final String[] COUNTRY = {"49", "44", "33", "39", "34", "31", "41", "43", "48", "46", "353", "351"};

    private String nanp() {
        return between(2, 9) + digits(2) + "|" + between(2, 9) + digits(2) + "|" + digits(4);
    }

    private String phone() {
        String[] n = nanp().split("\\|");
        return switch (random.nextInt(10)) {
            case 0 -> "+" + pick(COUNTRY) + nonZeroDigits(between(8, 10));
            case 1 -> "+" + pick(COUNTRY) + " " + nonZeroDigits(2) + " " + digits(between(6, 8));
            case 2 -> "+1 (" + n[0] + ") " + n[1] + "-" + n[2];
            case 3 -> n[0] + "-" + n[1] + "-" + n[2];
            case 4 -> "(" + n[0] + ") " + n[1] + "-" + n[2];
            case 5 -> n[0] + "." + n[1] + "." + n[2];
            case 6 -> {
                // national numbers are at most 11 digits after the trunk zero
                int area = between(2, 4);
                yield "(0" + nonZeroDigits(area) + ") " + digits(between(6, 11 - area));
            }
            case 7 -> "0" + nonZeroDigits(2) + " " + digits(4) + " " + digits(4);
            case 8 -> "0" + between(1, 7) + " " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
            default -> "00" + pick(COUNTRY) + " " + nonZeroDigits(2) + " " + digits(7);
        };
    }

    private Sample phoneNegative() {
        String[] n = nanp().split("\\|");
        LocalDate d = LocalDate.of(between(1950, 2030), between(1, 12), between(1, 28));
        return neg(
                switch (random.nextInt(14)) {
                    case 0 -> plainInteger();
                    case 1 -> orderId();
                    case 2 -> isoDate(d);
                    case 3 -> String.format("%02d.%02d.%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
                    case 4 -> String.format("%02d/%02d/%d", d.getMonthValue(), d.getDayOfMonth(), d.getYear());
                    case 5 -> ip();
                    case 6 -> card();
                    case 7 -> ssnFormatted();
                    case 8 -> "+0" + digits(10);
                    case 9 -> "+28" + digits(8);
                    case 10 -> "+49 30";
                    case 11 -> "1" + digits(2) + "-" + n[1] + "-" + n[2];
                    case 12 -> version();
                    default -> other("phone");
                });
    }

    // ---- IBAN

    private static final String[] IBAN_COUNTRIES =
            IbanDetector.LENGTHS.keySet().stream().sorted().toArray(String[]::new);

    private String iban() {
        String country = pick(IBAN_COUNTRIES);
        int length = IbanDetector.LENGTHS.get(country);
        String bban =
                country.equals("GB") || country.equals("NL") ? letters(4) + digits(length - 8) : digits(length - 4);
        String iban = withCheck(country, bban);
        return random.nextBoolean() ? iban : grouped(iban);
    }

    private String letters(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('A' + random.nextInt(26)));
        }
        return s.toString();
    }

    private static String withCheck(String country, String bban) {
        int check = 98 - IbanDetector.mod97(country + "00" + bban);
        return country + String.format("%02d", check) + bban;
    }

    private static String grouped(String compact) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < compact.length(); i += 4) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(compact, i, Math.min(i + 4, compact.length()));
        }
        return s.toString();
    }

    private Sample ibanNegative() {
        String country = pick(IBAN_COUNTRIES);
        int length = IbanDetector.LENGTHS.get(country);
        String good = withCheck(country, digits(length - 4));
        return neg(
                switch (random.nextInt(8)) {
                    case 0 -> {
                        int check = Integer.parseInt(good.substring(2, 4));
                        int wrong = 2 + (check - 2 + between(1, 96)) % 97;
                        yield country + String.format("%02d", wrong) + good.substring(4);
                    }
                    case 1 -> {
                        int i = between(4, length - 1);
                        char c = (char) ('0' + (good.charAt(i) - '0' + between(1, 9)) % 10);
                        yield good.substring(0, i) + c + good.substring(i + 1);
                    }
                    case 2 -> withCheck(country, digits(length - 4 + (random.nextBoolean() ? 1 : -1)));
                    case 3 -> withCheck(pick(new String[] {"US", "XX", "CA", "ZZ", "JP"}), digits(length - 4));
                    case 4 -> good.substring(0, 3) + " " + good.substring(3);
                    case 5 -> letters(2) + digits(length - 2);
                    case 6 -> card();
                    default -> other("iban");
                });
    }

    // ---- payment cards

    private static final String[][] BRANDS = {
        {"4", "16"}, {"4", "13"}, {"4", "19"}, {"51", "16"}, {"55", "16"}, {"2221", "16"}, {"2720", "16"},
        {"34", "15"}, {"37", "15"}, {"6011", "16"}, {"65", "16"}, {"3530", "16"}, {"36", "14"}, {"62", "16"},
    };

    private String card() {
        String[] brand = pick(BRANDS);
        String prefix = brand[0].equals("51") ? "5" + between(1, 5) : brand[0];
        return formatCard(withLuhn(prefix, Integer.parseInt(brand[1])));
    }

    private String withLuhn(String prefix, int length) {
        String body = prefix + digits(length - prefix.length() - 1);
        for (char d = '0'; d <= '9'; d++) {
            if (PaymentCardDetector.luhn(body + d)) {
                return body + d;
            }
        }
        throw new IllegalStateException();
    }

    private String formatCard(String digits) {
        int style = random.nextInt(3);
        if (style == 0) {
            return digits;
        }
        String sep = style == 1 ? " " : "-";
        return switch (digits.length()) {
            case 13 -> digits.substring(0, 4) + sep + digits.substring(4, 8) + sep + digits.substring(8);
            case 14, 15 -> digits.substring(0, 4) + sep + digits.substring(4, 10) + sep + digits.substring(10);
            default -> {
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < digits.length(); i += 4) {
                    s.append(i > 0 ? sep : "").append(digits, i, Math.min(i + 4, digits.length()));
                }
                yield s.toString();
            }
        };
    }

    private Sample cardNegative() {
        String good = withLuhn(random.nextBoolean() ? "4" : "5" + between(1, 5), 16);
        return neg(
                switch (random.nextInt(9)) {
                    case 0 -> good.substring(0, 15) + (char) ('0' + (good.charAt(15) - '0' + between(1, 9)) % 10);
                    case 1 -> formatCard(withLuhn(pick(new String[] {"1", "7", "8", "9", "0"}), 16));
                    case 2 -> withLuhn("4", pick(new Integer[] {14, 15, 17, 18}));
                    case 3 -> withLuhn("37", 16);
                    case 4 -> good.substring(0, 4) + " " + good.substring(4, 8) + "-" + good.substring(8);
                    case 5 -> withLuhn("4", between(9, 12));
                    case 6 -> phone();
                    case 7 -> iban();
                    default -> other("card");
                });
    }

    // ---- IP addresses

    private String ip() {
        return switch (random.nextInt(8)) {
            case 0, 1, 2 -> between(1, 255) + "." + between(0, 255) + "." + between(0, 255) + "." + between(0, 255);
            case 3 -> "10.0." + between(0, 9) + "." + between(1, 254);
            case 4 -> ipv6Full();
            case 5 -> "2001:db8:" + hex() + "::" + hex();
            case 6 -> "::ffff:" + between(1, 223) + "." + between(0, 255) + ".0." + between(1, 254);
            default -> pick(new String[] {"::1", "fe80::1ff:fe23:4567:890a", "::", "2001:DB8::8:800:200C:417A"});
        };
    }

    private String hex() {
        return Integer.toHexString(random.nextInt(0x10000));
    }

    private String ipv6Full() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            s.append(i > 0 ? ":" : "").append(hex());
        }
        return s.toString();
    }

    private Sample ipNegative() {
        return neg(
                switch (random.nextInt(14)) {
                    case 0 -> between(256, 999) + "." + between(0, 255) + "." + between(0, 255) + "." + between(0, 255);
                    case 1 -> between(1, 255) + "." + between(0, 255) + "." + between(0, 255);
                    case 2 ->
                        between(1, 9) + "." + between(1, 9) + "." + between(1, 9) + "." + between(1, 9) + "."
                                + between(1, 9);
                    case 3 -> "0" + between(1, 9) + "." + between(0, 255) + "." + between(0, 255) + "." + between(0, 9);
                    case 4 -> version();
                    case 5 ->
                        String.format(
                                "%02x:%02x:%02x:%02x:%02x:%02x",
                                random.nextInt(256),
                                random.nextInt(256),
                                random.nextInt(256),
                                random.nextInt(256),
                                random.nextInt(256),
                                random.nextInt(256));
                    case 6 -> String.format("%02d:%02d:%02d", between(0, 23), between(0, 59), between(0, 59));
                    case 7 -> hex() + ":::" + hex();
                    case 8 -> "1" + String.format("%04x", random.nextInt(0x10000)) + "::1";
                    case 9 -> ipv6Full() + ":" + hex();
                    case 10 -> "g" + hex().substring(1) + "::1";
                    case 11 -> between(1, 255) + "." + between(0, 255) + ".0.0/" + between(8, 30);
                    case 12 -> uuid();
                    default -> other("ip");
                });
    }

    // ---- SSN

    private String ssnDigits() {
        int area;
        do {
            area = between(1, 899);
        } while (area == 666);
        String nine = String.format("%03d%02d%04d", area, between(1, 99), between(1, 9999));
        return nine.equals("078051120") || nine.equals("219099999") ? ssnDigits() : nine;
    }

    private String ssnFormatted() {
        String n = ssnDigits();
        return n.substring(0, 3) + "-" + n.substring(3, 5) + "-" + n.substring(5);
    }

    private static final String[] SSN_COLUMNS = {"ssn", "customer_ssn", "SSN", "social_security_number", "ssnNumber"};

    private Sample ssnPositive() {
        return random.nextInt(4) == 0 ? new Sample(pick(SSN_COLUMNS), ssnDigits(), true) : pos(ssnFormatted());
    }

    private Sample ssnNegative() {
        int area = between(1, 899);
        int group = between(1, 99);
        int serial = between(1, 9999);
        return switch (random.nextInt(10)) {
            case 0 -> neg(String.format("000-%02d-%04d", group, serial));
            case 1 -> neg(String.format("666-%02d-%04d", group, serial));
            case 2 -> neg(String.format("%03d-%02d-%04d", between(900, 999), group, serial));
            case 3 -> neg(String.format("%03d-00-%04d", area, serial));
            case 4 -> neg(String.format("%03d-%02d-0000", area, group));
            case 5 -> new Sample(pick(new String[] {"order_id", "zip", "account", "value"}), ssnDigits(), false);
            case 6 -> neg(String.format("%03d-%03d-%04d", area, between(100, 999), serial));
            case 7 -> neg(pick(new String[] {"078-05-1120", "219-09-9999"}));
            case 8 -> neg(phone());
            default -> neg(other("ssn"));
        };
    }

    // ---- date of birth

    private static final String[] DOB_COLUMNS = {
        "dob",
        "birth_date",
        "date_of_birth",
        "birthday",
        "geburtsdatum",
        "dateOfBirth",
        "BirthDate",
        "customer_dob",
        "DOB",
        "birthdate",
        "fecha_nacimiento",
        "born_on"
    };
    private static final String[] OTHER_DATE_COLUMNS = {
        "created_at", "order_date", "updated_at", "shipped_on", "valid_from", "birth_place", "hire_date", "date"
    };

    private String formatDate(LocalDate d) {
        return switch (random.nextInt(7)) {
            case 0, 1 -> d.toString();
            case 2 -> String.format("%02d.%02d.%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
            case 3 -> String.format("%02d/%02d/%d", d.getMonthValue(), d.getDayOfMonth(), d.getYear());
            case 4 -> d + "T00:00:00Z";
            case 5 ->
                d.getDayOfMonth() + " "
                        + d.getMonth().name().substring(0, 3).charAt(0)
                        + d.getMonth().name().substring(1, 3).toLowerCase(Locale.ROOT) + " " + d.getYear();
            default -> String.format("%d/%02d/%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        };
    }

    private LocalDate birth() {
        return today.minusDays(between(0, 119 * 365));
    }

    private Sample dobPositive() {
        return new Sample(pick(DOB_COLUMNS), formatDate(birth()), true);
    }

    private Sample dobNegative() {
        String column = pick(DOB_COLUMNS);
        return switch (random.nextInt(8)) {
            case 0 -> new Sample(column, formatDate(today.plusDays(between(1, 3000))), false);
            case 1 -> new Sample(column, formatDate(today.minusYears(121).minusDays(between(0, 30000))), false);
            case 2 -> new Sample(column, between(1950, 2010) + "-02-" + between(30, 31), false);
            case 3 -> new Sample(column, String.format("31.%02d.%d", pick(new Integer[] {4, 6, 9, 11}), 1980), false);
            case 4, 5 -> new Sample(pick(OTHER_DATE_COLUMNS), formatDate(birth()), false);
            case 6 -> new Sample(column, pick(new String[] {"unknown", "n/a", "19850314", "85-03-14", "1985"}), false);
            default -> new Sample(column, other("dob"), false);
        };
    }

    // ---- person names

    private static final String[] NAME_COLUMNS = {
        "first_name", "last_name", "FirstName", "lastName", "LAST_NAME", "given_name", "family_name", "full_name",
        "surname", "customer_name", "contact_name", "firstname", "lastname", "vorname", "nachname", "middle_name"
    };
    private static final String[] NOT_NAME_COLUMNS = {
        "name",
        "username",
        "user_name",
        "file_name",
        "filename",
        "table_name",
        "hostname",
        "host_name",
        "product_name",
        "company_name",
        "display_name",
        "name_server",
        "namespace",
        "last_login",
        "first_seen",
        "full_path",
        "family_id",
        "customer_id",
        "contact_email",
        "city_name",
        "nickname",
        "rename_count",
        "first_order_date",
        "last_updated"
    };
    private static final String[] PREFIXES = {"", "", "billing_", "emp_", "primary_", "c_"};

    private String nameValue() {
        return Character.toUpperCase(pick(LAST).charAt(0)) + pick(LAST).substring(1);
    }

    private Sample namePositive() {
        return new Sample(pick(PREFIXES) + pick(NAME_COLUMNS), nameValue(), true);
    }

    private Sample nameNegative() {
        return new Sample(pick(PREFIXES) + pick(NOT_NAME_COLUMNS), nameValue(), false);
    }
}
