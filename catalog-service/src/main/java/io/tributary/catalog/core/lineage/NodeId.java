package io.tributary.catalog.core.lineage;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A node of the lineage graph, named as Marquez names it: {@code dataset:<ns>:<name>},
 * {@code datasetField:<ns>:<name>:<field>}, {@code job:<ns>:<name>} or {@code run:<uuid>}. Namespaces are often URIs
 * with colons ({@code kafka://host:9092}) while names rarely have any, so the name (and the field) are what follows the
 * last colon(s).
 */
public record NodeId(Kind kind, String namespace, String name, String field, UUID runId) {

    /** Longer node ids are refused before any parsing. */
    public static final int MAX_LENGTH = 4096;

    public enum Kind {
        DATASET("dataset", "DATASET"),
        DATASET_FIELD("datasetField", "DATASET_FIELD"),
        JOB("job", "JOB"),
        RUN("run", "RUN");

        private final String prefix;
        private final String type;

        Kind(String prefix, String type) {
            this.prefix = prefix;
            this.type = type;
        }

        /** The node type in Marquez's graph answers. */
        public String type() {
            return type;
        }
    }

    public NodeId {
        Objects.requireNonNull(kind, "kind");
    }

    public static NodeId dataset(String namespace, String name) {
        return new NodeId(Kind.DATASET, namespace, name, null, null);
    }

    public static NodeId field(String namespace, String name, String field) {
        return new NodeId(Kind.DATASET_FIELD, namespace, name, field, null);
    }

    public static NodeId job(String namespace, String name) {
        return new NodeId(Kind.JOB, namespace, name, null, null);
    }

    public static NodeId run(UUID runId) {
        return new NodeId(Kind.RUN, null, null, null, runId);
    }

    /** The dataset a field belongs to, or the dataset itself. */
    public NodeId dataset() {
        return NodeId.dataset(namespace, name);
    }

    /** The node id, or empty when {@code text} is not one. */
    public static Optional<NodeId> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String prefix = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        for (Kind kind : Kind.values()) {
            if (kind.prefix.equals(prefix)) {
                return parse(kind, rest);
            }
        }
        return Optional.empty();
    }

    private static Optional<NodeId> parse(Kind kind, String rest) {
        switch (kind) {
            case RUN -> {
                try {
                    UUID id = UUID.fromString(rest);
                    return id.toString().equalsIgnoreCase(rest) ? Optional.of(run(id)) : Optional.empty();
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
            case DATASET_FIELD -> {
                int last = rest.lastIndexOf(':');
                if (last <= 0 || last == rest.length() - 1) {
                    return Optional.empty();
                }
                return parseNamed(rest.substring(0, last))
                        .map(pair -> field(pair[0], pair[1], rest.substring(last + 1)));
            }
            default -> {
                return parseNamed(rest)
                        .map(pair -> kind == Kind.DATASET ? dataset(pair[0], pair[1]) : job(pair[0], pair[1]));
            }
        }
    }

    private static Optional<String[]> parseNamed(String text) {
        int last = text.lastIndexOf(':');
        if (last <= 0 || last == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new String[] {text.substring(0, last), text.substring(last + 1)});
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RUN -> kind.prefix + ":" + runId;
            case DATASET_FIELD -> kind.prefix + ":" + namespace + ":" + name + ":" + field;
            default -> kind.prefix + ":" + namespace + ":" + name;
        };
    }
}
