package io.tributary.ingest.core;

/**
 * Bounds that keep one hostile record from costing more than an honest one.
 *
 * @param maxDepth        the deepest nesting of objects and arrays a record may have, the record itself being 1
 * @param maxStringLength the most characters (Unicode code points) one string value may have
 */
public record ValidationLimits(int maxDepth, int maxStringLength) {

    public static final ValidationLimits DEFAULTS = new ValidationLimits(32, 65_536);

    public ValidationLimits {
        if (maxDepth < 1 || maxStringLength < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
