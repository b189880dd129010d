package io.tributary.governance.core;

import java.util.Locale;

/** The kinds of policy, as written in the API's {@code kind} field. */
public enum PolicyKind {
    GRANT("grant"),
    MASK("mask"),
    ROW_FILTER("row-filter"),
    ROLE("role");

    private final String wireName;

    PolicyKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static PolicyKind fromWire(String text) {
        for (PolicyKind kind : values()) {
            if (kind.wireName.equals(text == null ? null : text.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind must be one of grant, mask, row-filter, role");
    }
}
