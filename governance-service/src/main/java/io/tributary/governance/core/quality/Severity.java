package io.tributary.governance.core.quality;

import java.util.Locale;

/** What a failing rule does: {@code warn} reports it; {@code block} keeps the snapshot off {@code main}. */
public enum Severity {
    WARN,
    BLOCK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWire(String text) {
        for (Severity severity : values()) {
            if (severity.wireName().equals(text)) {
                return severity;
            }
        }
        throw new IllegalArgumentException("must be warn or block");
    }
}
