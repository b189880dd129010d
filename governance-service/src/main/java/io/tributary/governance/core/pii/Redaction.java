package io.tributary.governance.core.pii;

/** Shortens a matched value to an example that shows its shape without the data. */
final class Redaction {

    static final String HIDDEN = "***";

    private Redaction() {}

    /** Keeps {@code first} leading and {@code last} trailing characters, if at least half the value stays hidden. */
    static String keepEnds(String value, int first, int last) {
        String v = value.strip();
        if (v.length() < 2 * (first + last)) {
            return HIDDEN;
        }
        return v.substring(0, first) + HIDDEN + v.substring(v.length() - last);
    }
}
