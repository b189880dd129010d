package io.tributary.catalog.core.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One name per table, whoever reports it. Trino names a lake table {@code trino://<host>:<port>} /
 * {@code <catalog>.<schema>.<table>}, the lake writer {@code tributary} / {@code <schema>.<table>}; each
 * {@link Alias} rewrites the first form to the second in an event's inputs, outputs and column-lineage input fields,
 * so both producers' edges meet at one dataset node. The name as reported stays in the dataset's {@code symlinks}
 * facet.
 */
public final class DatasetNames {

    static final String PRODUCER = "https://github.com/tributary-data/tributary/tree/main/catalog-service";
    static final String SYMLINKS_SCHEMA_URL =
            "https://openlineage.io/spec/facets/1-0-1/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet";

    /**
     * Datasets in {@code namespace} whose names start with {@code catalog.} are {@code datasetNamespace} /
     * the rest of the name.
     */
    public record Alias(String namespace, String catalog, String datasetNamespace) {
        public Alias {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(datasetNamespace, "datasetNamespace");
        }

        Optional<Name> apply(String ns, String name) {
            String prefix = catalog + ".";
            if (namespace.equals(ns) && name.startsWith(prefix) && name.length() > prefix.length()) {
                return Optional.of(new Name(datasetNamespace, name.substring(prefix.length())));
            }
            return Optional.empty();
        }
    }

    public record Name(String namespace, String name) {}

    private final List<Alias> aliases;

    public DatasetNames(List<Alias> aliases) {
        this.aliases = List.copyOf(aliases);
    }

    public static DatasetNames none() {
        return new DatasetNames(List.of());
    }

    /** The node name of a dataset reported as {@code namespace} / {@code name}: the same when no alias applies. */
    public Name canonical(String namespace, String name) {
        for (Alias alias : aliases) {
            Optional<Name> renamed = alias.apply(namespace, name);
            if (renamed.isPresent()) {
                return renamed.get();
            }
        }
        return new Name(namespace, name);
    }

    /**
     * {@code event} with every aliased dataset name rewritten: {@code event} itself when no alias applies, else a
     * rewritten copy. Members that are not where or what the schema says are left for the validator to report.
     */
    public JsonNode normalise(JsonNode event) {
        if (aliases.isEmpty() || event == null || !event.isObject()) {
            return event;
        }
        ObjectNode copy = ((ObjectNode) event).deepCopy();
        boolean changed = false;
        for (String member : List.of("inputs", "outputs")) {
            JsonNode datasets = copy.get(member);
            if (datasets != null && datasets.isArray()) {
                for (JsonNode dataset : datasets) {
                    changed |= dataset(dataset);
                }
            }
        }
        changed |= dataset(copy.get("dataset"));
        return changed ? copy : event;
    }

    private boolean dataset(JsonNode dataset) {
        if (dataset == null || !dataset.isObject()) {
            return false;
        }
        ObjectNode node = (ObjectNode) dataset;
        boolean changed = false;
        Optional<Name> original = rename(node);
        if (original.isPresent()) {
            symlink(node, original.get());
            changed = true;
        }
        JsonNode facets = node.get("facets");
        JsonNode columnLineage = facets != null && facets.isObject() ? facets.get("columnLineage") : null;
        if (columnLineage == null || !columnLineage.isObject()) {
            return changed;
        }
        JsonNode fields = columnLineage.get("fields");
        if (fields != null && fields.isObject()) {
            for (Iterator<JsonNode> it = fields.elements(); it.hasNext(); ) {
                JsonNode inputs = it.next().get("inputFields");
                changed |= renameAll(inputs);
            }
        }
        // Facet 1-2-0 lists the inputs that affect the whole dataset (filters, joins) here.
        changed |= renameAll(columnLineage.get("dataset"));
        return changed;
    }

    private boolean renameAll(JsonNode array) {
        boolean changed = false;
        if (array != null && array.isArray()) {
            for (JsonNode item : array) {
                changed |= item.isObject() && rename((ObjectNode) item).isPresent();
            }
        }
        return changed;
    }

    /** Rewrites {@code node}'s namespace and name when an alias applies; answers the name it had. */
    private Optional<Name> rename(ObjectNode node) {
        JsonNode namespace = node.get("namespace");
        JsonNode name = node.get("name");
        if (namespace == null || !namespace.isTextual() || name == null || !name.isTextual()) {
            return Optional.empty();
        }
        Name canonical = canonical(namespace.asText(), name.asText());
        if (canonical.namespace().equals(namespace.asText()) && canonical.name().equals(name.asText())) {
            return Optional.empty();
        }
        node.put("namespace", canonical.namespace());
        node.put("name", canonical.name());
        return Optional.of(new Name(namespace.asText(), name.asText()));
    }

    /** Keeps the reported name as an OpenLineage {@code symlinks} identifier, beside any the producer sent. */
    private static void symlink(ObjectNode dataset, Name original) {
        JsonNode facets = dataset.get("facets");
        if (facets != null && !facets.isObject()) {
            return;
        }
        ObjectNode facetsNode = facets == null ? dataset.putObject("facets") : (ObjectNode) facets;
        JsonNode existing = facetsNode.get("symlinks");
        ObjectNode symlinks;
        if (existing == null || existing.isNull()) {
            symlinks = facetsNode.putObject("symlinks");
            symlinks.put("_producer", PRODUCER);
            symlinks.put("_schemaURL", SYMLINKS_SCHEMA_URL);
        } else if (existing.isObject()) {
            symlinks = (ObjectNode) existing;
        } else {
            return;
        }
        JsonNode identifiers = symlinks.get("identifiers");
        if (identifiers != null && !identifiers.isArray() && !identifiers.isNull()) {
            return;
        }
        ArrayNode list = identifiers == null || identifiers.isNull()
                ? symlinks.putArray("identifiers")
                : (ArrayNode) identifiers;
        list.addObject()
                .put("namespace", original.namespace())
                .put("name", original.name())
                .put("type", "TABLE");
    }
}
