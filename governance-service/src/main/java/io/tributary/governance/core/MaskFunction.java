package io.tributary.governance.core;

import java.util.Locale;

/** How a mask hides a value. */
public enum MaskFunction {
    /** A fixed string for strings; NULL for other types. */
    REDACT("redact"),
    NULL("null"),
    /** Salted SHA-256 as lower-case hex: the same value in gives the same value out, so joins still work. */
    HASH("hash"),
    /** Keeps part of a string: the first or last characters, or an e-mail's domain. */
    PARTIAL("partial"),
    /** A date or timestamp cut to its year or month. */
    TRUNCATE_DATE("truncate-date"),
    /** A free expression of the policy language; {@code value} is the column's value. */
    EXPRESSION("expression");

    private final String wireName;

    MaskFunction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static MaskFunction fromWire(String text) {
        for (MaskFunction f : values()) {
            if (f.wireName.equals(text == null ? null : text.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "function must be one of redact, null, hash, partial, truncate-date, expression");
    }
}
