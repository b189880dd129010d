package io.tributary.governance.core;

/** The names policies may use for namespaces, tables and columns: what the catalog accepts. */
final class Names {

    static final int MAX_LENGTH = 255;

    private Names() {}

    static String check(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a name is at most " + MAX_LENGTH + " characters");
        }
        if (name.chars().anyMatch(c -> Character.isISOControl(c) || c == '/' || c == '\\')) {
            throw new IllegalArgumentException("a name must not contain control characters, '/' or '\\'");
        }
        return name;
    }
}
