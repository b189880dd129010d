package io.tributary.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contracts.problem.JsonPointer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the services' OpenAPI 3 documents into one. Paths never clash in practice (each service owns its prefix);
 * components do, e.g. two services each with their own {@code Page}. A component name that means different things
 * in different services is prefixed with the service key ({@code catalog_Page}) everywhere, references included;
 * identical components (the shared {@code Problem}) are kept once.
 */
public final class OpenApiMerger {

    public static final String MISSING = "x-tributary-missing";
    public static final String CONFLICTS = "x-tributary-conflicts";
    private static final List<String> REFERENCED_SECTIONS = List.of(
            "schemas",
            "responses",
            "parameters",
            "examples",
            "requestBodies",
            "headers",
            "links",
            "callbacks",
            "pathItems");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenApiMerger() {}

    /**
     * @param documents each available service's document, keyed by service key ({@code catalog}), in display order
     * @param missing   services whose document could not be fetched, with the reason
     */
    public static ObjectNode merge(Map<String, JsonNode> documents, Map<String, String> missing) {
        Map<String, Map<String, String>> renames = clashingComponents(documents);
        ObjectNode merged = NODES.objectNode();
        merged.put(
                "openapi",
                documents.values().stream()
                        .map(doc -> doc.path("openapi").asText(null))
                        .filter(v -> v != null)
                        .findFirst()
                        .orElse("3.0.3"));
        ObjectNode info = merged.putObject("info");
        info.put("title", "Tributary API");
        info.put("version", "v1");
        info.put("description", description(documents.keySet(), missing));
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = NODES.objectNode();
        Map<String, ObjectNode> tags = new LinkedHashMap<>();
        ArrayNode conflicts = NODES.arrayNode();
        Map<String, String> pathOwners = new HashMap<>();

        documents.forEach((service, original) -> {
            JsonNode doc = rewriteReferences(original.deepCopy(), renames.getOrDefault(service, Map.of()));
            doc.path("paths").fields().forEachRemaining(path -> {
                JsonNode existing = paths.get(path.getKey());
                if (existing == null) {
                    paths.set(path.getKey(), path.getValue());
                    pathOwners.put(path.getKey(), service);
                } else if (!existing.equals(path.getValue())) {
                    conflicts.add("Path " + path.getKey() + " is defined by both " + pathOwners.get(path.getKey())
                            + " and " + service + "; the " + pathOwners.get(path.getKey()) + " definition is shown.");
                }
            });
            doc.path("components").fields().forEachRemaining(section -> {
                ObjectNode target = components.has(section.getKey())
                        ? (ObjectNode) components.get(section.getKey())
                        : components.putObject(section.getKey());
                Map<String, String> renamed = renames.getOrDefault(service, Map.of());
                section.getValue().fields().forEachRemaining(component -> {
                    String name = renamed.getOrDefault(section.getKey() + "/" + component.getKey(), component.getKey());
                    if (!target.has(name)) {
                        target.set(name, component.getValue());
                    }
                });
            });
            for (JsonNode tag : doc.path("tags")) {
                String name = tag.path("name").asText("");
                if (!name.isEmpty() && tag.isObject()) {
                    tags.putIfAbsent(name, (ObjectNode) tag);
                }
            }
            if (!merged.has("security") && doc.has("security")) {
                merged.set("security", doc.get("security"));
            }
        });

        if (!components.isEmpty()) {
            merged.set("components", components);
        }
        if (!tags.isEmpty()) {
            merged.putArray("tags").addAll(tags.values());
        }
        ArrayNode services = merged.putArray("x-tributary-services");
        documents.keySet().forEach(services::add);
        if (!missing.isEmpty()) {
            ArrayNode absent = merged.putArray(MISSING);
            missing.forEach((service, reason) ->
                    absent.addObject().put("service", service).put("reason", reason));
        }
        if (!conflicts.isEmpty()) {
            merged.set(CONFLICTS, conflicts);
        }
        return merged;
    }

    private static String description(Set<String> present, Map<String, String> missing) {
        String text = "The APIs of the Tributary services behind this gateway: " + String.join(", ", present) + ".";
        if (!missing.isEmpty()) {
            text += " Missing because their documents could not be fetched: " + String.join(", ", missing.keySet())
                    + ".";
        }
        return text;
    }

    /** Per service, {@code section/name} to new name for every component whose name clashes across services. */
    static Map<String, Map<String, String>> clashingComponents(Map<String, JsonNode> documents) {
        Map<String, Map<String, String>> renames = new HashMap<>();
        for (String section : REFERENCED_SECTIONS) {
            Map<String, Map<String, JsonNode>> byName = new HashMap<>();
            documents.forEach((service, doc) -> doc.path("components")
                    .path(section)
                    .fields()
                    .forEachRemaining(entry -> byName.computeIfAbsent(entry.getKey(), n -> new LinkedHashMap<>())
                            .put(service, entry.getValue())));
            Set<String> taken = new HashSet<>(byName.keySet());
            byName.forEach((name, definitions) -> {
                if (new ArrayList<>(definitions.values()).stream().distinct().count() > 1) {
                    definitions.keySet().forEach(service -> {
                        String renamed = uniqueName(service + "_" + name, taken);
                        renames.computeIfAbsent(service, s -> new HashMap<>()).put(section + "/" + name, renamed);
                    });
                }
            });
        }
        return renames;
    }

    private static String uniqueName(String candidate, Set<String> taken) {
        String name = candidate;
        for (int i = 2; !taken.add(name); i++) {
            name = candidate + "_" + i;
        }
        return name;
    }

    private static JsonNode rewriteReferences(JsonNode node, Map<String, String> renames) {
        if (renames.isEmpty()) {
            return node;
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/components/")) {
                String key = unescapePointer(ref.asText().substring("#/components/".length()));
                String renamed = renames.get(key);
                if (renamed != null) {
                    object.put(
                            "$ref", "#/components/" + key.substring(0, key.indexOf('/') + 1) + escapePointer(renamed));
                }
            }
            object.fields().forEachRemaining(entry -> rewriteReferences(entry.getValue(), renames));
        } else if (node.isArray()) {
            node.forEach(element -> rewriteReferences(element, renames));
        }
        return node;
    }

    // RFC 6901: "~1" is "/" and "~0" is "~" inside a reference token; section and name are split on the first "/".
    private static String unescapePointer(String pointer) {
        int slash = pointer.indexOf('/');
        if (slash < 0) {
            return pointer;
        }
        return pointer.substring(0, slash + 1) + JsonPointer.unescape(pointer.substring(slash + 1));
    }

    private static String escapePointer(String name) {
        return JsonPointer.escape(name);
    }
}
