package io.tributary.governance.core.expr;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The functions a policy expression may call: each means the same in DuckDB and in Trino, with the number of
 * arguments it takes. Anything else (and every aggregate, table or side-effecting function) is refused.
 */
public final class Functions {

    /** {@code has_role('name')}: whether the caller holds the role; replaced by TRUE or FALSE per caller. */
    public static final String HAS_ROLE = "has_role";
    /** {@code attribute('name')}: a token attribute of the caller (e.g. {@code country}), or NULL. */
    public static final String ATTRIBUTE = "attribute";
    /** {@code sha256_hex(text)}: lower-case hex SHA-256 of a string, the same in both engines. */
    public static final String SHA256_HEX = "sha256_hex";

    public record Arity(int min, int max) {
        boolean accepts(int count) {
            return count >= min && count <= max;
        }

        @Override
        public String toString() {
            return min == max ? Integer.toString(min) : min + (max == Integer.MAX_VALUE ? " or more" : " to " + max);
        }
    }

    private static final Map<String, Arity> ALLOWED = Map.ofEntries(
            Map.entry("lower", new Arity(1, 1)),
            Map.entry("upper", new Arity(1, 1)),
            Map.entry("length", new Arity(1, 1)),
            Map.entry("trim", new Arity(1, 1)),
            Map.entry("ltrim", new Arity(1, 1)),
            Map.entry("rtrim", new Arity(1, 1)),
            Map.entry("substr", new Arity(2, 3)),
            Map.entry("replace", new Arity(3, 3)),
            Map.entry("lpad", new Arity(3, 3)),
            Map.entry("rpad", new Arity(3, 3)),
            Map.entry("strpos", new Arity(2, 2)),
            Map.entry("starts_with", new Arity(2, 2)),
            Map.entry("concat", new Arity(1, 64)),
            Map.entry("coalesce", new Arity(1, 64)),
            Map.entry("nullif", new Arity(2, 2)),
            Map.entry("greatest", new Arity(1, 64)),
            Map.entry("least", new Arity(1, 64)),
            Map.entry("abs", new Arity(1, 1)),
            Map.entry("round", new Arity(1, 2)),
            Map.entry("floor", new Arity(1, 1)),
            Map.entry("ceil", new Arity(1, 1)),
            Map.entry("date_trunc", new Arity(2, 2)),
            Map.entry("year", new Arity(1, 1)),
            Map.entry("month", new Arity(1, 1)),
            Map.entry("day", new Arity(1, 1)),
            Map.entry(SHA256_HEX, new Arity(1, 1)),
            Map.entry(HAS_ROLE, new Arity(1, 1)),
            Map.entry(ATTRIBUTE, new Arity(1, 1)));

    /** Functions whose argument must be a string literal, because they are resolved per caller before rendering. */
    public static final Set<String> IDENTITY = Set.of(HAS_ROLE, ATTRIBUTE);

    /** Used by generated masks only; they differ between the engines in ways a policy author should not depend on. */
    static final Set<String> INTERNAL = Set.of("regexp_replace");

    private Functions() {}

    public static Optional<Arity> arity(String name) {
        return Optional.ofNullable(ALLOWED.get(name.toLowerCase(Locale.ROOT)));
    }

    public static boolean allowed(String name) {
        return ALLOWED.containsKey(name.toLowerCase(Locale.ROOT));
    }

    public static Set<String> names() {
        return new java.util.TreeSet<>(ALLOWED.keySet());
    }
}
