package io.tributary.governance.core.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code sql} rule's statement: exactly one SELECT (or WITH ... SELECT) that returns the failing rows. A small
 * tokenizer finds statement boundaries and keywords outside comments, string literals (also {@code E'...'} and
 * {@code $$...$$}) and quoted names, since a regular expression on the raw text is fooled by a {@code ;} in a string.
 */
public final class SqlAssertion {

    public static final int MAX_LENGTH = 20_000;

    /** Words that make a statement do something besides reading; refused anywhere outside literals and quoted names. */
    static final Set<String> FORBIDDEN = Set.of(
            "INSERT",
            "UPDATE",
            "DELETE",
            "MERGE",
            "UPSERT",
            "TRUNCATE",
            "CREATE",
            "DROP",
            "ALTER",
            "COPY",
            "ATTACH",
            "DETACH",
            "PRAGMA",
            "CALL",
            "SET",
            "RESET",
            "INSTALL",
            "LOAD",
            "EXPORT",
            "IMPORT",
            "GRANT",
            "REVOKE",
            "EXECUTE",
            "PREPARE",
            "DEALLOCATE",
            "VACUUM",
            "CHECKPOINT",
            "USE",
            "INTO");

    private SqlAssertion() {}

    enum Kind {
        WORD,
        QUOTED_NAME,
        STRING,
        SEMICOLON,
        OTHER
    }

    record Token(Kind kind, String text, int start, int end) {}

    /** The statement to run (without a trailing {@code ;}), or why it is refused. */
    public record Checked(String statement, String problem) {
        public Optional<String> refusal() {
            return Optional.ofNullable(problem);
        }
    }

    public static Checked check(String sql) {
        if (sql.length() > MAX_LENGTH) {
            return refused("is longer than " + MAX_LENGTH + " characters");
        }
        List<Token> tokens;
        try {
            tokens = tokenize(sql);
        } catch (IllegalArgumentException e) {
            return refused(e.getMessage());
        }
        if (tokens.isEmpty()) {
            return refused("is empty: write one SELECT that returns the failing rows");
        }
        int end = tokens.size();
        for (int t = 0; t < tokens.size(); t++) {
            if (tokens.get(t).kind() == Kind.SEMICOLON) {
                if (t != tokens.size() - 1) {
                    return refused("holds more than one statement: the ';' at position "
                            + tokens.get(t).start() + " is followed by more SQL; write exactly one SELECT");
                }
                end = t;
            }
        }
        if (end == 0) {
            return refused("is empty: write one SELECT that returns the failing rows");
        }
        int first = 0;
        while (first < end && tokens.get(first).text().equals("(")) {
            first++;
        }
        String leading = first < end && tokens.get(first).kind() == Kind.WORD
                ? upper(tokens.get(first).text())
                : "";
        if (!leading.equals("SELECT") && !leading.equals("WITH")) {
            return refused("must be one SELECT (or WITH ... SELECT) statement that returns the failing rows");
        }
        boolean select = false;
        for (int t = 0; t < end; t++) {
            Token token = tokens.get(t);
            if (token.kind() != Kind.WORD) {
                continue;
            }
            String word = upper(token.text());
            if (FORBIDDEN.contains(word)) {
                return refused("may only read: " + word + " at position " + token.start()
                        + " is not allowed (quote a column of that name: \""
                        + token.text().toLowerCase(Locale.ROOT)
                        + "\")");
            }
            select |= word.equals("SELECT");
        }
        if (!select) {
            return refused("must be one SELECT (or WITH ... SELECT) statement that returns the failing rows");
        }
        return new Checked(sql.substring(0, tokens.get(end - 1).end()), null);
    }

    private static Checked refused(String problem) {
        return new Checked(null, problem);
    }

    private static String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }

    /** Tokens without whitespace and comments; an unterminated literal, name or comment is refused. */
    static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("has a comment at position " + i + " that is never closed");
                }
                i = close + 2;
            } else if (c == '\'') {
                int end = quoted(sql, i, '\'', false, "a string literal");
                tokens.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
                i = end;
            } else if (c == '"') {
                int end = quoted(sql, i, '"', false, "a quoted name");
                tokens.add(new Token(Kind.QUOTED_NAME, sql.substring(i, end), i, end));
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                if (close < 0) {
                    throw new IllegalArgumentException(
                            "has a string literal at position " + i + " that is never closed");
                }
                int end = close + tag.length();
                tokens.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                    j++;
                }
                if (j == i + 1 && (c == 'e' || c == 'E') && j < n && sql.charAt(j) == '\'') {
                    // E'...' reads backslash escapes, so \' does not end it.
                    int end = quoted(sql, j, '\'', true, "a string literal");
                    tokens.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
                    i = end;
                } else {
                    tokens.add(new Token(Kind.WORD, sql.substring(i, j), i, j));
                    i = j;
                }
            } else if (c == ';') {
                tokens.add(new Token(Kind.SEMICOLON, ";", i, i + 1));
                i++;
            } else {
                tokens.add(new Token(Kind.OTHER, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return tokens;
    }

    /** The end (exclusive) of a literal or name opened at {@code start}; a doubled quote is an escaped one. */
    private static int quoted(String sql, int start, char quote, boolean backslashEscapes, String what) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("has " + what + " at position " + start + " that is never closed");
    }

    /** {@code $$} or {@code $tag$} at {@code i}, or null. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }
}
