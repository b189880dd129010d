package io.tributary.governance.core.pii;

import java.util.Set;

/**
 * Telephone numbers: international ({@code +} or {@code 00}, an assigned country code, 8 to 15 digits in all), North
 * American ({@code (415) 555-0132}, {@code 415-555-0132}, {@code +1 415 555 0132}) and national numbers with a trunk
 * zero ({@code (030) 1234567}, {@code 020 7946 0958}). A national number must be written in groups: a bare run of
 * digits is as likely an id, and shapes that are dates, SSNs, IP addresses or versions are refused.
 */
public final class PhoneDetector implements PiiDetector {

    /** ITU-T E.164 country codes in use. */
    private static final Set<String> COUNTRY_CODES = Set.of(
            "1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
            "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81",
            "82", "84", "86", "90", "91", "92", "93", "94", "95", "98", "211", "212", "213", "216", "218", "220", "221",
            "222", "223", "224", "225", "226", "227", "228", "229", "230", "231", "232", "233", "234", "235", "236",
            "237", "238", "239", "240", "241", "242", "243", "244", "245", "246", "248", "249", "250", "251", "252",
            "253", "254", "255", "256", "257", "258", "260", "261", "262", "263", "264", "265", "266", "267", "268",
            "269", "290", "291", "297", "298", "299", "350", "351", "352", "353", "354", "355", "356", "357", "358",
            "359", "370", "371", "372", "373", "374", "375", "376", "377", "378", "380", "381", "382", "383", "385",
            "386", "387", "389", "420", "421", "423", "500", "501", "502", "503", "504", "505", "506", "507", "508",
            "509", "590", "591", "592", "593", "594", "595", "596", "597", "598", "599", "670", "672", "673", "674",
            "675", "676", "677", "678", "679", "680", "681", "682", "683", "685", "686", "687", "688", "689", "690",
            "691", "692", "850", "852", "853", "855", "856", "880", "886", "960", "961", "962", "963", "964", "965",
            "966", "967", "968", "970", "971", "972", "973", "974", "975", "976", "977", "992", "993", "994", "995",
            "996", "998");

    private static final int MAX_GROUPS = 8;

    @Override
    public String tag() {
        return "pii.phone";
    }

    @Override
    public boolean matches(String value) {
        if (value == null || value.length() > 40) {
            return false;
        }
        Groups g = Groups.parse(value.strip());
        if (g == null || g.count == 0) {
            return false;
        }
        if (g.plus) {
            return international(g.digits.toString(), g);
        }
        if (g.digits.length() > 2 && g.digits.charAt(0) == '0' && g.digits.charAt(1) == '0') {
            return !g.dots && international(g.digits.substring(2), g);
        }
        if (g.count < 2) {
            return false;
        }
        return northAmerican(g.digits.toString(), g) || trunk(g);
    }

    private static boolean international(String digits, Groups g) {
        if (digits.length() < 8 || digits.length() > 15 || digits.charAt(0) == '0') {
            return false;
        }
        if (digits.charAt(0) == '1') {
            return digits.length() == 11 && nanpNumber(digits.substring(1));
        }
        if (g.dots) {
            return false;
        }
        for (int length = 1; length <= 3; length++) {
            if (COUNTRY_CODES.contains(digits.substring(0, length))) {
                return true;
            }
        }
        return false;
    }

    /** {@code [1] NPA NXX XXXX} in groups 3-3-4 (or 1-3-3-4). */
    private static boolean northAmerican(String digits, Groups g) {
        if (g.count == 4 && g.sizes[0] == 1 && digits.charAt(0) == '1') {
            return g.sizes[1] == 3 && g.sizes[2] == 3 && g.sizes[3] == 4 && nanpNumber(digits.substring(1));
        }
        return g.count == 3 && g.sizes[0] == 3 && g.sizes[1] == 3 && g.sizes[2] == 4 && nanpNumber(digits);
    }

    private static boolean nanpNumber(String ten) {
        return ten.length() == 10 && ten.charAt(0) >= '2' && ten.charAt(3) >= '2';
    }

    /** A national number with its trunk zero: 9 to 12 digits in 2 to 5 groups of at least two. */
    private static boolean trunk(Groups g) {
        String digits = g.digits.toString();
        if (g.dots || digits.charAt(0) != '0' || digits.charAt(1) == '0') {
            return false;
        }
        if (digits.length() < 9 || digits.length() > 12 || g.count > 5 || g.sizes[0] > 5) {
            return false;
        }
        for (int i = 0; i < g.count; i++) {
            if (g.sizes[i] < 2) {
                return false;
            }
        }
        // 078-05-1120 is a Social Security number, not a call
        return !(g.count == 3 && g.sizes[0] == 3 && g.sizes[1] == 2 && g.sizes[2] == 4 && g.dashes);
    }

    /** The digit groups of a value written with {@code + ( ) - . /} and spaces, or null if anything else appears. */
    private static final class Groups {
        final StringBuilder digits = new StringBuilder(16);
        final int[] sizes = new int[MAX_GROUPS];
        int count;
        boolean plus;
        boolean dots;
        boolean dashes;

        static Groups parse(String v) {
            Groups g = new Groups();
            int i = 0;
            if (v.startsWith("+")) {
                g.plus = true;
                i = 1;
            }
            boolean parenOpen = false;
            boolean parenUsed = false;
            int separators = 0;
            while (i < v.length()) {
                char c = v.charAt(i);
                if (c >= '0' && c <= '9') {
                    int start = i;
                    while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                        g.digits.append(v.charAt(i));
                        i++;
                    }
                    if (g.count == MAX_GROUPS) {
                        return null;
                    }
                    g.sizes[g.count++] = i - start;
                    separators = 0;
                    continue;
                }
                switch (c) {
                    case '(' -> {
                        if (parenUsed || i + 1 >= v.length() || !isDigit(v.charAt(i + 1))) {
                            return null;
                        }
                        parenOpen = true;
                        parenUsed = true;
                    }
                    case ')' -> {
                        if (!parenOpen || !isDigit(v.charAt(i - 1))) {
                            return null;
                        }
                        parenOpen = false;
                    }
                    case ' ', '-', '.', '/' -> {
                        if (g.count == 0 || ++separators > 1 || i + 1 >= v.length()) {
                            return null;
                        }
                        if (c == '/' && g.count != 1) {
                            return null;
                        }
                        g.dots |= c == '.';
                        g.dashes |= c == '-';
                    }
                    default -> {
                        return null;
                    }
                }
                i++;
            }
            if (parenOpen || (g.dots && (g.dashes || v.indexOf(' ') >= 0 || parenUsed))) {
                return null;
            }
            return g;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    @Override
    public String redact(String value) {
        return Redaction.keepEnds(value, 3, 2);
    }
}
