package io.tributary.governance.core.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Classifications as the API shows them (kebab-case), and their evidence as it is stored. */
public final class ClassificationCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClassificationCodec() {}

    public static ObjectNode write(Classification c) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", c.id().toString());
        node.put("table", c.table().toString());
        node.put("column", c.column());
        node.put("tag", c.tag());
        node.put("status", c.status().wireName());
        node.put("share", c.share());
        node.put("sample-size", c.sampleSize());
        node.set("evidence", evidence(c.evidence()));
        node.put("proposed-at", c.proposedAt().toString());
        node.put("decided-by", c.decidedBy());
        node.put("decided-at", c.decidedAt() == null ? null : c.decidedAt().toString());
        node.put("reason", c.reason());
        node.put("applied", c.applied());
        return node;
    }

    public static ObjectNode evidence(Classification.Evidence e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("detector", e.detector());
        node.put("basis", e.basis());
        node.put("share", e.share());
        node.put("sample-size", e.sampleSize());
        ArrayNode examples = node.putArray("examples");
        e.examples().forEach(examples::add);
        node.put("column-name-hint", e.columnNameHint());
        return node;
    }

    public static Classification.Evidence readEvidence(JsonNode node) {
        List<String> examples = new ArrayList<>();
        node.path("examples").forEach(e -> examples.add(e.asText()));
        return new Classification.Evidence(
                node.path("detector").asText(),
                node.path("basis").asText(),
                node.path("share").asDouble(),
                node.path("sample-size").asInt(),
                examples,
                node.path("column-name-hint").asBoolean());
    }
}
