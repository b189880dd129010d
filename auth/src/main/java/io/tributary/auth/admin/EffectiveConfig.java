package io.tributary.auth.admin;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The configuration a service actually runs with, as admins see it: only the keys under the given
 * prefixes, with every secret replaced by {@value #REDACTED}.
 */
public final class EffectiveConfig {

    public static final String REDACTED = "<redacted>";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(secret|password|passwd|credential|private-key|access-key|secret-key|api-key|client-key).*");
    private static final Pattern SECRET_IN_VALUE = Pattern.compile("(?i)((?:password|secret)=)[^&;\\s]+");

    private EffectiveConfig() {}

    /**
     * @param names    every property name the configuration knows
     * @param lookup   the value of a name, or null when it cannot be resolved
     * @param prefixes the key prefixes worth showing
     */
    public static Map<String, String> redacted(
            Iterable<String> names, Function<String, String> lookup, List<String> prefixes) {
        Map<String, String> result = new TreeMap<>();
        for (String name : names) {
            if (prefixes.stream().noneMatch(name::startsWith)) {
                continue;
            }
            String value;
            try {
                value = lookup.apply(name);
            } catch (RuntimeException unresolvable) {
                value = "<unresolvable: " + unresolvable.getClass().getSimpleName() + ">";
            }
            result.put(name, redact(name, value));
        }
        return result;
    }

    static String redact(String name, String value) {
        if (value == null) {
            return null;
        }
        if (SECRET_NAME.matcher(name).matches()) {
            return REDACTED;
        }
        return SECRET_IN_VALUE.matcher(value).replaceAll("$1" + REDACTED);
    }
}
