package io.tributary.governance.core.pii;

/**
 * Recognises one kind of personal data by a column's values, its name, or both, and names the column tag it proposes.
 * Value checks are hand-written scanners, linear in the value's length, and never match a value longer than
 * {@link #MAX_LENGTH}, so a hostile sample cannot make a scan slow.
 */
public interface PiiDetector {

    int MAX_LENGTH = 256;

    /** What a proposal rests on. */
    enum Evidence {
        /** the values alone */
        VALUES("values"),
        /** a suggestive column name, confirmed by the values */
        COLUMN_NAME_AND_VALUES("column name and values"),
        /** the column name alone */
        COLUMN_NAME("column name");

        private final String label;

        Evidence(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The column tag proposed, such as {@code pii.email}. */
    String tag();

    default Evidence evidence() {
        return Evidence.VALUES;
    }

    /** Whether the value alone looks like this kind; always false for a detector that goes by column name only. */
    boolean matches(String value);

    /** Whether the column's name suggests this kind. */
    default boolean matchesColumnName(String column) {
        return false;
    }

    /** Whether a value of the named column counts as this kind, combining the two according to {@link #evidence()}. */
    default boolean matches(String column, String value) {
        return switch (evidence()) {
            case VALUES -> matches(value);
            case COLUMN_NAME_AND_VALUES -> matchesColumnName(column) && matches(value);
            case COLUMN_NAME -> matchesColumnName(column) && value != null && !value.isBlank();
        };
    }

    /** The value as an example in a proposal: enough to recognise the kind, not the person. */
    default String redact(String value) {
        return Redaction.keepEnds(value, 1, 1);
    }
}
