package io.tributary.governance.core.quality;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of quality rule, by the name the API uses. */
public enum RuleType {
    NOT_NULL("not_null"),
    UNIQUE("unique"),
    ACCEPTED_VALUES("accepted_values"),
    RANGE("range"),
    REGEX("regex"),
    LENGTH("length"),
    ROW_COUNT("row_count"),
    FRESHNESS("freshness"),
    SCHEMA("schema"),
    SQL("sql");

    private final String wireName;

    RuleType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static RuleType fromWire(String text) {
        for (RuleType type : values()) {
            if (type.wireName.equals(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException("must be one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(RuleType::wireName).collect(Collectors.joining(", "));
    }
}
