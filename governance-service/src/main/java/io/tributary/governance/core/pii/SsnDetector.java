package io.tributary.governance.core.pii;

import java.util.List;

/**
 * US Social Security numbers, {@code AAA-GG-SSSS}, outside the ranges the SSA never issues (area 000, 666, 900-999;
 * group 00; serial 0000) and the two numbers printed in advertising. Nine bare digits count only in a column whose
 * name says SSN, since elsewhere they are as likely an order number.
 */
public final class SsnDetector implements PiiDetector {

    @Override
    public String tag() {
        return "pii.ssn";
    }

    @Override
    public boolean matches(String value) {
        if (value == null || value.length() > 16) {
            return false;
        }
        String v = value.strip();
        if (v.length() != 11) {
            return false;
        }
        char separator = v.charAt(3);
        if ((separator != '-' && separator != ' ') || v.charAt(6) != separator) {
            return false;
        }
        return valid(v.substring(0, 3) + v.substring(4, 6) + v.substring(7));
    }

    @Override
    public boolean matchesColumnName(String column) {
        List<String> words = ColumnNames.words(column);
        return words.contains("ssn")
                || words.contains("socialsecuritynumber")
                || ColumnNames.containsRun(words, "social", "security");
    }

    @Override
    public boolean matches(String column, String value) {
        if (matches(value)) {
            return true;
        }
        if (value == null || !matchesColumnName(column)) {
            return false;
        }
        String v = value.strip();
        return v.length() == 9 && valid(v);
    }

    /** Nine digits in an issued range. */
    static boolean valid(String nine) {
        for (int i = 0; i < 9; i++) {
            if (nine.charAt(i) < '0' || nine.charAt(i) > '9') {
                return false;
            }
        }
        int area = Integer.parseInt(nine, 0, 3, 10);
        int group = Integer.parseInt(nine, 3, 5, 10);
        int serial = Integer.parseInt(nine, 5, 9, 10);
        return area != 0
                && area != 666
                && area < 900
                && group != 0
                && serial != 0
                && !nine.equals("078051120")
                && !nine.equals("219099999");
    }

    @Override
    public String redact(String value) {
        return Redaction.HIDDEN + value.strip().substring(value.strip().length() - 2);
    }
}
