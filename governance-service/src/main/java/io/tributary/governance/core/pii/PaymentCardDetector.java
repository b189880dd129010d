package io.tributary.governance.core.pii;

/**
 * Payment card numbers: 13 to 19 digits, optionally in groups separated by single spaces or dashes (one kind per
 * number), that start with a known issuer prefix, have a length that issuer uses, and pass the Luhn check.
 */
public final class PaymentCardDetector implements PiiDetector {

    /** Issuer ranges as {first prefix, last prefix, shortest, longest}, prefixes of equal digit count. */
    private static final long[][] ISSUERS = {
        {4, 4, 13, 19}, // Visa (13, 16, 19 in use; 14, 15, 17, 18 refused below)
        {51, 55, 16, 16}, // Mastercard
        {2221, 2720, 16, 16}, // Mastercard 2-series
        {34, 34, 15, 15}, // American Express
        {37, 37, 15, 15},
        {6011, 6011, 16, 19}, // Discover
        {644, 649, 16, 19},
        {65, 65, 16, 19},
        {3528, 3589, 16, 19}, // JCB
        {300, 305, 14, 19}, // Diners Club
        {36, 36, 14, 19},
        {38, 39, 16, 19},
        {62, 62, 16, 19}, // UnionPay
        {2200, 2204, 16, 19}, // Mir
        {5018, 5018, 12, 19}, // Maestro
        {5020, 5020, 12, 19},
        {5038, 5038, 12, 19},
        {6304, 6304, 12, 19},
        {6759, 6759, 12, 19},
        {6761, 6763, 12, 19},
    };

    @Override
    public String tag() {
        return "pii.card";
    }

    @Override
    public boolean matches(String value) {
        if (value == null || value.length() > 32) {
            return false;
        }
        String digits = digits(value.strip());
        return digits != null && digits.length() >= 13 && digits.length() <= 19 && knownIssuer(digits) && luhn(digits);
    }

    /** The digits, or null unless separators are single, of one kind, and split groups of 3 to 6 digits. */
    private static String digits(String v) {
        StringBuilder out = new StringBuilder(19);
        char separator = 0;
        int group = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
                group++;
            } else if (c == ' ' || c == '-') {
                if ((separator != 0 && c != separator) || group < 3 || group > 6) {
                    return null;
                }
                separator = c;
                group = 0;
            } else {
                return null;
            }
        }
        if (separator != 0 && (group < 3 || group > 6)) {
            return null;
        }
        return out.toString();
    }

    private static boolean knownIssuer(String digits) {
        int length = digits.length();
        for (long[] issuer : ISSUERS) {
            int prefixDigits = Long.toString(issuer[0]).length();
            long prefix = Long.parseLong(digits, 0, prefixDigits, 10);
            if (prefix >= issuer[0] && prefix <= issuer[1] && length >= issuer[2] && length <= issuer[3]) {
                return prefix != 4 || length == 13 || length == 16 || length == 19;
            }
        }
        return false;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    @Override
    public String redact(String value) {
        String v = value.strip();
        return Redaction.HIDDEN + v.substring(v.length() - 4);
    }
}
