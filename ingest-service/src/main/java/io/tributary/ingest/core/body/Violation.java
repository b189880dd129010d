package io.tributary.ingest.core.body;

import io.tributary.contracts.problem.JsonPointer;

/**
 * One thing wrong with one record.
 *
 * @param pointer  an RFC 6901 JSON pointer into the record ({@code /customer/zip}, {@code /items/2}); empty for
 *                 the whole record
 * @param expected what the contract asks for there, in Iceberg type names ({@code decimal(10, 2)}, {@code struct})
 * @param actual   what was found: the kind of JSON value and its text, trimmed ({@code string "abc"}, {@code missing})
 * @param message  a sentence for a human
 */
public record Violation(String pointer, String expected, String actual, String message) {

    /** Appends one reference token to a JSON pointer, escaping {@code ~} and {@code /} as RFC 6901 asks. */
    public static String child(String pointer, String token) {
        return JsonPointer.append(pointer, token);
    }

    public static String child(String pointer, int index) {
        return JsonPointer.append(pointer, index);
    }
}
