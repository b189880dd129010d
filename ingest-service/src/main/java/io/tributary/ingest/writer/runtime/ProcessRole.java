package io.tributary.ingest.writer.runtime;

import java.util.Locale;

/**
 * Which parts run in this process ({@code tributary.ingest.role}): the producer API, the lake writer, or both. The
 * launcher runs {@code ingest} as {@code api} and {@code writer} as {@code writer}.
 */
public enum ProcessRole {
    API,
    WRITER,
    ALL;

    /** @throws IllegalStateException when {@code role} is none of {@code api}, {@code writer}, {@code all} */
    public static ProcessRole parse(String role) {
        return switch (role.trim().toLowerCase(Locale.ROOT)) {
            case "api" -> API;
            case "writer" -> WRITER;
            case "all" -> ALL;
            default ->
                throw new IllegalStateException("tributary.ingest.role must be api, writer or all, not '" + role + "'");
        };
    }

    /** Whether this process runs the lake writer. */
    public boolean runsWriter() {
        return this != API;
    }

    /** Whether this process runs only the lake writer, without the producer API. */
    public boolean writerOnly() {
        return this == WRITER;
    }
}
