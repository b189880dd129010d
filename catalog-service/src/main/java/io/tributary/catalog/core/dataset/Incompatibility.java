package io.tributary.catalog.core.dataset;

/**
 * One reason a proposed schema breaks a table's compatibility mode.
 *
 * @param pointer  JSON pointer (RFC 6901) to the field by name path, e.g. {@code /customer/zip}; list elements are
 *                 {@code /element}, map keys and values {@code /key} and {@code /value}
 * @param field    the field's dotted name, e.g. {@code customer.zip}
 * @param change   what changed: one of the {@code CHANGE_*} constants
 * @param previous the field's type (with {@code required}/{@code optional}) in the previous schema, null if absent
 * @param proposed the field's type in the proposed schema, null if absent
 * @param rule     the direction that breaks: {@link CompatibilityMode#BACKWARD} or {@link CompatibilityMode#FORWARD}
 * @param reason   why this breaks the rule, for a human
 */
public record Incompatibility(
        String pointer,
        String field,
        String change,
        String previous,
        String proposed,
        CompatibilityMode rule,
        String reason) {

    public static final String CHANGE_ADDED_REQUIRED = "added-required-field";
    public static final String CHANGE_REMOVED_REQUIRED = "removed-required-field";
    public static final String CHANGE_TYPE = "type-changed";
    public static final String CHANGE_MADE_REQUIRED = "made-required";
    public static final String CHANGE_MADE_OPTIONAL = "made-optional";

    /** A one-line summary: {@code customer.zip: type-changed (BACKWARD): ...}. */
    public String summary() {
        return field + ": " + change + " (" + rule + "): " + reason;
    }
}
