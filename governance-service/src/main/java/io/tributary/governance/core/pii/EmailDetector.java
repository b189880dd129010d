package io.tributary.governance.core.pii;

/**
 * E-mail addresses as people write them: a dot-atom local part (RFC 5322 without quoted strings or comments), and a
 * domain of at least two labels whose last is a TLD of letters. Double, leading and trailing dots, spaces and
 * non-ASCII characters are refused.
 */
public final class EmailDetector implements PiiDetector {

    private static final String LOCAL_SPECIALS = "!#$%&'*+/=?^_`{|}~-";

    @Override
    public String tag() {
        return "pii.email";
    }

    @Override
    public boolean matches(String value) {
        if (value == null || value.length() > 254) {
            return false;
        }
        String v = value.strip();
        int at = v.indexOf('@');
        if (at < 1 || at > 64 || v.indexOf('@', at + 1) >= 0) {
            return false;
        }
        return localPart(v, at) && domain(v, at + 1);
    }

    private static boolean localPart(String v, int end) {
        char previous = '.';
        for (int i = 0; i < end; i++) {
            char c = v.charAt(i);
            if (c == '.') {
                if (previous == '.') {
                    return false;
                }
            } else if (!isAsciiLetterOrDigit(c) && LOCAL_SPECIALS.indexOf(c) < 0) {
                return false;
            }
            previous = c;
        }
        return previous != '.';
    }

    private static boolean domain(String v, int start) {
        int labels = 0;
        int labelStart = start;
        for (int i = start; i <= v.length(); i++) {
            if (i < v.length() && v.charAt(i) != '.') {
                char c = v.charAt(i);
                if (!isAsciiLetterOrDigit(c) && c != '-') {
                    return false;
                }
                continue;
            }
            int length = i - labelStart;
            if (length < 1 || length > 63 || v.charAt(labelStart) == '-' || v.charAt(i - 1) == '-') {
                return false;
            }
            labels++;
            if (i == v.length()) {
                return labels >= 2 && tld(v, labelStart);
            }
            labelStart = i + 1;
        }
        return false;
    }

    private static boolean tld(String v, int start) {
        if (v.length() - start < 2) {
            return false;
        }
        for (int i = start; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    @Override
    public String redact(String value) {
        String v = value.strip();
        int at = v.indexOf('@');
        return v.charAt(0) + Redaction.HIDDEN + v.substring(at);
    }
}
