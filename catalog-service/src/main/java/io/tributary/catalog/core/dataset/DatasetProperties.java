package io.tributary.catalog.core.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a dataset's metadata lives: in its Iceberg table's properties, so it moves with renames, goes with drops, and
 * tables created by any Iceberg engine carry it the same way. Lists are comma-separated.
 */
public final class DatasetProperties {

    /** Who answers for the dataset: a user name, team or OAuth client id. */
    public static final String OWNER = "tributary.owner";
    /** The table comment, the same property Trino and Spark use for it. */
    public static final String DESCRIPTION = "comment";

    public static final String TAGS = "tributary.tags";
    /** {@code tributary.column-tags.<field-id>}: keyed by Iceberg field id, so tags follow a renamed column. */
    public static final String COLUMN_TAGS_PREFIX = "tributary.column-tags.";

    public static final String COMPATIBILITY = "tributary.ingest.compatibility";
    /** The INSERT allow-list: OAuth client ids ({@code azp}) or user names; {@code *} is any data producer. */
    public static final String PRODUCERS = "tributary.ingest.producers";

    public static final String KEY = "tributary.ingest.key";

    /**
     * The branch the lake writer commits to instead of main (write-audit-publish); its snapshots reach main only when
     * published. The writer reads the same property name.
     */
    public static final String AUDIT_BRANCH = "tributary.write.audit-branch";

    public static final int MAX_BRANCH_LENGTH = 64;

    public static final int MAX_TAGS = 64;
    public static final int MAX_TAG_LENGTH = 64;
    public static final int MAX_PRODUCERS = 256;
    public static final int MAX_PRINCIPAL_LENGTH = 255;
    public static final int MAX_OWNER_LENGTH = 255;
    public static final int MAX_DESCRIPTION_LENGTH = 4096;

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern PRINCIPAL = Pattern.compile("\\*|[^\\s,\\p{Cntrl}]+");

    private DatasetProperties() {}

    /** The compatibility mode in {@code properties}; NONE when unset; {@link IllegalArgumentException} if invalid. */
    public static CompatibilityMode compatibility(Map<String, String> properties) {
        String value = properties.get(COMPATIBILITY);
        if (value == null || value.isBlank()) {
            return CompatibilityMode.NONE;
        }
        return CompatibilityMode.parse(value)
                .orElseThrow(() -> new IllegalArgumentException("Invalid table property " + COMPATIBILITY + " '" + value
                        + "': expected BACKWARD, FORWARD, FULL or NONE"));
    }

    /** Like {@link #compatibility} but never failing: an invalid value reads as NONE (for reporting, not enforcing). */
    public static CompatibilityMode compatibilityOrNone(Map<String, String> properties) {
        return CompatibilityMode.parse(properties.get(COMPATIBILITY)).orElse(CompatibilityMode.NONE);
    }

    public static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }

    public static String csv(Collection<String> values) {
        return String.join(",", values);
    }

    /** Table tags. */
    public static List<String> tags(Map<String, String> properties) {
        return list(properties.get(TAGS));
    }

    public static List<String> producers(Map<String, String> properties) {
        return list(properties.get(PRODUCERS));
    }

    /** Column tags by field id, sorted by id. */
    public static Map<Integer, List<String>> columnTags(Map<String, String> properties) {
        Map<Integer, List<String>> tags = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(COLUMN_TAGS_PREFIX)) {
                try {
                    int id = Integer.parseInt(key.substring(COLUMN_TAGS_PREFIX.length()));
                    List<String> values = list(value);
                    if (!values.isEmpty()) {
                        tags.put(id, values);
                    }
                } catch (NumberFormatException e) {
                    // Not ours: a property under the prefix that names no field id is ignored.
                }
            }
        });
        return tags;
    }

    public static String columnTagsKey(int fieldId) {
        return COLUMN_TAGS_PREFIX + fieldId;
    }

    /** A tag list's problems, each naming the tag; empty when it is fine. Duplicates are allowed and collapsed. */
    public static List<String> tagProblems(List<String> tags) {
        List<String> problems = new ArrayList<>();
        if (tags.size() > MAX_TAGS) {
            problems.add(tags.size() + " tags, at most " + MAX_TAGS + " are allowed");
            return problems;
        }
        for (String tag : tags) {
            problems.addAll(tagProblem(tag));
        }
        return problems;
    }

    private static List<String> tagProblem(String tag) {
        if (tag == null || tag.isEmpty()) {
            return List.of("a tag must not be empty");
        }
        if (tag.length() > MAX_TAG_LENGTH) {
            return List.of("tag '" + tag.substring(0, 16) + "…' is longer than " + MAX_TAG_LENGTH + " characters");
        }
        if (!TAG.matcher(tag).matches()) {
            return List.of("tag '" + printable(tag) + "' must start with a letter or digit and contain only letters,"
                    + " digits, '_', '.', ':' and '-'");
        }
        return List.of();
    }

    /** What is wrong with an audit branch name, or null: a ref name engines can quote, and not main itself. */
    public static String auditBranchProblem(String branch) {
        if (branch.isEmpty()
                || branch.length() > MAX_BRANCH_LENGTH
                || !BRANCH.matcher(branch).matches()) {
            return "must be 1-" + MAX_BRANCH_LENGTH
                    + " letters, digits, '_', '.' or '-', starting with a letter or digit";
        }
        if (branch.equals("main")) {
            return "must not be main: the audit branch is where snapshots wait before they are published to main";
        }
        return null;
    }

    public static List<String> producerProblems(List<String> producers) {
        List<String> problems = new ArrayList<>();
        if (producers.size() > MAX_PRODUCERS) {
            problems.add(producers.size() + " producers, at most " + MAX_PRODUCERS + " are allowed");
            return problems;
        }
        for (String producer : producers) {
            if (producer == null || producer.isEmpty()) {
                problems.add("a producer must not be empty");
            } else if (producer.length() > MAX_PRINCIPAL_LENGTH) {
                problems.add("a producer is longer than " + MAX_PRINCIPAL_LENGTH + " characters");
            } else if (!PRINCIPAL.matcher(producer).matches()) {
                problems.add("producer '" + printable(producer)
                        + "' must not contain whitespace, commas or control characters");
            }
        }
        return problems;
    }

    /** Keeps order, drops duplicates. */
    public static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(64).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Whether any dataset-level metadata property differs between the two maps. */
    static boolean differs(Map<String, String> before, Map<String, String> after, String key) {
        return !Objects.equals(before.get(key), after.get(key));
    }
}
