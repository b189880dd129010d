package io.tributary.ingest.core.body;

/** How a record's top-level values arrive. */
public enum ValueForm {
    /** Typed JSON: a number is a JSON number, a struct a JSON object. */
    JSON,
    /**
     * Every top-level value is text, as in a CSV cell: {@code 42} for an int, {@code true} for a boolean, JSON text
     * for a struct, list or map column. Values inside that JSON text are typed JSON again.
     */
    TEXT
}
