package io.tributary.governance.core.pii;

import java.util.Map;

/**
 * IBANs: a country code from the registry's length table (every SEPA country, GB, and other common ones), two check
 * digits, an alphanumeric BBAN of the country's length, and the ISO 7064 mod-97 checksum. Written either without
 * spaces or in groups of four.
 */
public final class IbanDetector implements PiiDetector {

    /** IBAN lengths by country, from the SWIFT IBAN registry. */
    static final Map<String, Integer> LENGTHS = Map.ofEntries(
            // SEPA
            Map.entry("AD", 24),
            Map.entry("AT", 20),
            Map.entry("BE", 16),
            Map.entry("BG", 22),
            Map.entry("CH", 21),
            Map.entry("CY", 28),
            Map.entry("CZ", 24),
            Map.entry("DE", 22),
            Map.entry("DK", 18),
            Map.entry("EE", 20),
            Map.entry("ES", 24),
            Map.entry("FI", 18),
            Map.entry("FR", 27),
            Map.entry("GB", 22),
            Map.entry("GI", 23),
            Map.entry("GR", 27),
            Map.entry("HR", 21),
            Map.entry("HU", 28),
            Map.entry("IE", 22),
            Map.entry("IS", 26),
            Map.entry("IT", 27),
            Map.entry("LI", 21),
            Map.entry("LT", 20),
            Map.entry("LU", 20),
            Map.entry("LV", 21),
            Map.entry("MC", 27),
            Map.entry("MT", 31),
            Map.entry("NL", 18),
            Map.entry("NO", 15),
            Map.entry("PL", 28),
            Map.entry("PT", 25),
            Map.entry("RO", 24),
            Map.entry("SE", 24),
            Map.entry("SI", 19),
            Map.entry("SK", 24),
            Map.entry("SM", 27),
            Map.entry("VA", 22),
            // others
            Map.entry("AE", 23),
            Map.entry("AL", 28),
            Map.entry("AZ", 28),
            Map.entry("BA", 20),
            Map.entry("BH", 22),
            Map.entry("BR", 29),
            Map.entry("CR", 22),
            Map.entry("DO", 28),
            Map.entry("EG", 29),
            Map.entry("FO", 18),
            Map.entry("GE", 22),
            Map.entry("GL", 18),
            Map.entry("GT", 28),
            Map.entry("IL", 23),
            Map.entry("JO", 30),
            Map.entry("KW", 30),
            Map.entry("KZ", 20),
            Map.entry("LB", 28),
            Map.entry("MD", 24),
            Map.entry("ME", 22),
            Map.entry("MK", 19),
            Map.entry("MR", 27),
            Map.entry("MU", 30),
            Map.entry("PK", 24),
            Map.entry("PS", 29),
            Map.entry("QA", 29),
            Map.entry("RS", 22),
            Map.entry("SA", 24),
            Map.entry("TN", 24),
            Map.entry("TR", 26),
            Map.entry("UA", 29),
            Map.entry("XK", 20));

    @Override
    public String tag() {
        return "pii.iban";
    }

    @Override
    public boolean matches(String value) {
        if (value == null || value.length() > 48) {
            return false;
        }
        String compact = compact(value.strip());
        if (compact == null || compact.length() < 5) {
            return false;
        }
        Integer length = LENGTHS.get(compact.substring(0, 2));
        return length != null
                && compact.length() == length
                && isDigit(compact.charAt(2))
                && isDigit(compact.charAt(3))
                && mod97(compact) == 1;
    }

    /** The IBAN without its spaces, upper-case, or null if the spaces are not groups of four or a character is off. */
    private static String compact(String v) {
        StringBuilder out = new StringBuilder(v.length());
        boolean spaced = v.indexOf(' ') >= 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ') {
                if (i % 5 != 4) {
                    return null;
                }
                continue;
            }
            if (spaced && i % 5 == 4) {
                return null;
            }
            char upper = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
            if (!isDigit(upper) && !(upper >= 'A' && upper <= 'Z')) {
                return null;
            }
            out.append(upper);
        }
        return out.toString();
    }

    /** ISO 7064 MOD 97-10 over the IBAN with its first four characters moved to the end, letters as 10 to 35. */
    static int mod97(String iban) {
        int remainder = 0;
        int n = iban.length();
        for (int k = 0; k < n; k++) {
            char c = iban.charAt((k + 4) % n);
            if (isDigit(c)) {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
        }
        return remainder;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public String redact(String value) {
        return Redaction.keepEnds(value, 2, 2);
    }
}
