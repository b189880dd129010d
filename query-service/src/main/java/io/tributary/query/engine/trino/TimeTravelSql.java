package io.tributary.query.engine.trino;

import io.tributary.query.core.AsOf;
import io.tributary.query.core.TableName;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request's {@code as-of} in Trino's own syntax: each reference to a table read at an earlier point gets
 * {@code FOR VERSION AS OF <snapshot>} (or {@code FOR TIMESTAMP AS OF}) right after its name. Names are found by a
 * scan that skips string literals, quoted text and comments, so only the statement's own identifiers change.
 */
public final class TimeTravelSql {

    private static final DateTimeFormatter TRINO_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private TimeTravelSql() {}

    /**
     * @param points  the point each table is read at; tables not named read their current snapshot
     * @param catalog the Trino catalog a three-part name may start with
     */
    public static String apply(String sql, Map<TableName, AsOf.Point> points, String catalog) {
        if (points.isEmpty()) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 64);
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = skipQuoted(sql, i, '\'');
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (c == '"' || isIdentifierStart(c)) {
                List<String> parts = new ArrayList<>();
                int end = name(sql, i, parts);
                out.append(sql, i, end);
                AsOf.Point point = pointFor(parts, points, catalog);
                if (point != null && !continuesName(sql, end)) {
                    out.append(clause(point));
                }
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    static String clause(AsOf.Point point) {
        if (point.snapshotId() != null) {
            return " FOR VERSION AS OF " + point.snapshotId();
        }
        return " FOR TIMESTAMP AS OF TIMESTAMP '"
                + TRINO_TIMESTAMP.format(point.timestamp().atOffset(ZoneOffset.UTC)) + " UTC'";
    }

    private static AsOf.Point pointFor(List<String> parts, Map<TableName, AsOf.Point> points, String catalog) {
        if (parts.size() == 3 && parts.get(0).equalsIgnoreCase(catalog)) {
            parts = parts.subList(1, 3);
        }
        if (parts.size() != 2) {
            return null;
        }
        return points.get(new TableName(parts.get(0), parts.get(1)));
    }

    /** Reads a dotted name starting at {@code start} into {@code parts}; returns the index after it. */
    private static int name(String sql, int start, List<String> parts) {
        int i = start;
        while (true) {
            int end;
            if (sql.charAt(i) == '"') {
                end = skipQuoted(sql, i, '"');
                parts.add(sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\""));
            } else {
                end = i;
                while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                parts.add(sql.substring(i, end).toLowerCase(Locale.ROOT));
            }
            int dot = skipSpace(sql, end);
            if (dot < sql.length() && sql.charAt(dot) == '.') {
                int next = skipSpace(sql, dot + 1);
                if (next < sql.length() && (sql.charAt(next) == '"' || isIdentifierStart(sql.charAt(next)))) {
                    i = next;
                    continue;
                }
            }
            return end;
        }
    }

    /** A name followed by {@code (} is a function, by {@code .} something longer (a star, a field): not a table. */
    private static boolean continuesName(String sql, int end) {
        int next = skipSpace(sql, end);
        return next < sql.length() && (sql.charAt(next) == '(' || sql.charAt(next) == '.');
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int skipSpace(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
