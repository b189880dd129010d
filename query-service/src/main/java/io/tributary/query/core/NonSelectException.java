package io.tributary.query.core;

/**
 * The embedded engine's parser found a statement that is not a SELECT (a write, DDL, a setting). Refused as
 * {@link Reason#NOT_ALLOWED} wherever only reads run; under {@code auto} such a statement goes to Trino once Trino is
 * configured.
 */
public final class NonSelectException extends QueryException {

    public NonSelectException(String message) {
        super(Reason.NOT_ALLOWED, message);
    }
}
