package io.tributary.governance.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contracts.problem.JsonPointer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A policy's JSON form, as the API takes it and the database stores it. Reading reports every malformed field with
 * its JSON pointer; whether the policy makes sense against the catalog is {@link PolicyValidator}'s job.
 */
public final class PolicyCodec {

    public static final int MAX_LIST = 1000;
    public static final int MAX_TEXT = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> COMMON = Set.of("kind", "description", "reason", "version");
    private static final Set<String> GRANT = Set.of("principal", "privilege", "securable", "columns");
    private static final Set<String> MASK = Set.of(
            "table",
            "column",
            "tag",
            "function",
            "keep-first",
            "keep-last",
            "keep-domain",
            "unit",
            "expression",
            "exempt");
    private static final Set<String> ROW_FILTER = Set.of("table", "predicate", "applies-to", "exempt");
    private static final Set<String> ROLE = Set.of("name", "members");
    /** Fields the API answers with; a client may send a policy back as it got it. */
    private static final Set<String> READ_ONLY = Set.of("id", "changed-by", "changed-at", "created-by", "created-at");

    private PolicyCodec() {}

    /** A policy as a client writes it: the body and its free-text fields. */
    public record Draft(PolicyBody body, String description, String reason, Integer expectedVersion) {}

    public static Draft read(JsonNode node) {
        List<PolicyViolation> faults = new ArrayList<>();
        if (node == null || !node.isObject()) {
            throw new InvalidPolicyException(
                    "A policy is a JSON object.", List.of(new PolicyViolation("", "must be a JSON object")), false);
        }
        PolicyKind kind = null;
        JsonNode kindNode = node.get("kind");
        if (kindNode == null || !kindNode.isTextual()) {
            faults.add(new PolicyViolation("/kind", "is required: grant, mask, row-filter or role"));
        } else {
            try {
                kind = PolicyKind.fromWire(kindNode.asText());
            } catch (IllegalArgumentException e) {
                faults.add(new PolicyViolation("/kind", e.getMessage()));
            }
        }
        Set<String> allowed = kind == null
                ? Set.of()
                : switch (kind) {
                    case GRANT -> GRANT;
                    case MASK -> MASK;
                    case ROW_FILTER -> ROW_FILTER;
                    case ROLE -> ROLE;
                };
        if (kind != null) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!COMMON.contains(name) && !allowed.contains(name) && !READ_ONLY.contains(name)) {
                    faults.add(new PolicyViolation(
                            JsonPointer.append("", name), "is not a field of a " + kind.wireName() + " policy"));
                }
            }
        }
        String description = text(node, "description", false, faults);
        String reason = text(node, "reason", false, faults);
        Integer version = null;
        JsonNode versionNode = node.get("version");
        if (versionNode != null && !versionNode.isNull()) {
            if (!versionNode.canConvertToInt() || !versionNode.isIntegralNumber() || versionNode.asInt() < 1) {
                faults.add(new PolicyViolation("/version", "must be a positive integer"));
            } else {
                version = versionNode.asInt();
            }
        }
        PolicyBody body = null;
        if (kind != null) {
            body = switch (kind) {
                case GRANT -> grant(node, faults);
                case MASK -> mask(node, faults);
                case ROW_FILTER -> rowFilter(node, faults);
                case ROLE -> role(node, faults);
            };
        }
        if (!faults.isEmpty()) {
            throw new InvalidPolicyException("The policy is malformed.", faults, false);
        }
        return new Draft(body, description, reason, version);
    }

    private static PolicyBody.Grant grant(JsonNode node, List<PolicyViolation> faults) {
        PrincipalRef principal = principal(node.get("principal"), "/principal", true, faults);
        Privilege privilege = null;
        String privilegeText = text(node, "privilege", true, faults);
        if (privilegeText != null) {
            try {
                privilege = Privilege.valueOf(privilegeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                faults.add(new PolicyViolation(
                        "/privilege", "must be one of SELECT, INSERT, MODIFY, MANAGE, IMPERSONATE"));
            }
        }
        Securable securable = null;
        String securableText = text(node, "securable", true, faults);
        if (securableText != null) {
            try {
                securable = Securable.parse(securableText);
            } catch (IllegalArgumentException e) {
                faults.add(new PolicyViolation("/securable", e.getMessage()));
            }
        }
        List<String> columns = strings(node, "columns", faults);
        if (faults.isEmpty()) {
            return new PolicyBody.Grant(principal, privilege, securable, columns);
        }
        return null;
    }

    private static PolicyBody.Mask mask(JsonNode node, List<PolicyViolation> faults) {
        TableRef table = table(node, "table", false, faults);
        String column = text(node, "column", false, faults);
        String tag = text(node, "tag", false, faults);
        MaskFunction function = null;
        String functionText = text(node, "function", true, faults);
        if (functionText != null) {
            try {
                function = MaskFunction.fromWire(functionText);
            } catch (IllegalArgumentException e) {
                faults.add(new PolicyViolation("/function", e.getMessage()));
            }
        }
        Integer keepFirst = integer(node, "keep-first", faults);
        Integer keepLast = integer(node, "keep-last", faults);
        boolean keepDomain = false;
        JsonNode domain = node.get("keep-domain");
        if (domain != null && !domain.isNull()) {
            if (!domain.isBoolean()) {
                faults.add(new PolicyViolation("/keep-domain", "must be true or false"));
            } else {
                keepDomain = domain.asBoolean();
            }
        }
        String unit = text(node, "unit", false, faults);
        String expression = text(node, "expression", false, faults);
        List<PrincipalRef> exempt = principals(node, "exempt", faults);
        if (faults.isEmpty()) {
            return new PolicyBody.Mask(
                    table, column, tag, function, keepFirst, keepLast, keepDomain, unit, expression, exempt);
        }
        return null;
    }

    private static PolicyBody.RowFilter rowFilter(JsonNode node, List<PolicyViolation> faults) {
        TableRef table = table(node, "table", true, faults);
        String predicate = text(node, "predicate", true, faults);
        List<PrincipalRef> appliesTo = principals(node, "applies-to", faults);
        List<PrincipalRef> exempt = principals(node, "exempt", faults);
        return faults.isEmpty() ? new PolicyBody.RowFilter(table, predicate, appliesTo, exempt) : null;
    }

    private static PolicyBody.Role role(JsonNode node, List<PolicyViolation> faults) {
        String name = text(node, "name", true, faults);
        if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")) {
            faults.add(new PolicyViolation(
                    "/name", "must match [A-Za-z0-9][A-Za-z0-9_.:-]* and be at most 128 characters"));
        }
        List<PrincipalRef> members = principals(node, "members", faults);
        if (node.get("members") == null) {
            faults.add(new PolicyViolation("/members", "is required: the principals that hold the role"));
        }
        return faults.isEmpty() ? new PolicyBody.Role(name, members) : null;
    }

    private static String text(JsonNode node, String field, boolean required, List<PolicyViolation> faults) {
        JsonNode value = node.get(field);
        String pointer = JsonPointer.append("", field);
        if (value == null || value.isNull()) {
            if (required) {
                faults.add(new PolicyViolation(pointer, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            faults.add(new PolicyViolation(pointer, "must be a string"));
            return null;
        }
        String text = value.asText();
        if (text.length() > MAX_TEXT) {
            faults.add(new PolicyViolation(pointer, "is longer than " + MAX_TEXT + " characters"));
            return null;
        }
        if (required && text.isBlank()) {
            faults.add(new PolicyViolation(pointer, "must not be empty"));
            return null;
        }
        return text;
    }

    private static Integer integer(JsonNode node, String field, List<PolicyViolation> faults) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0 || value.asInt() > 1000) {
            faults.add(new PolicyViolation(JsonPointer.append("", field), "must be an integer from 0 to 1000"));
            return null;
        }
        return value.asInt();
    }

    private static TableRef table(JsonNode node, String field, boolean required, List<PolicyViolation> faults) {
        String text = text(node, field, required, faults);
        if (text == null) {
            return null;
        }
        try {
            return TableRef.parse(text);
        } catch (IllegalArgumentException e) {
            faults.add(new PolicyViolation(JsonPointer.append("", field), e.getMessage()));
            return null;
        }
    }

    private static List<String> strings(JsonNode node, String field, List<PolicyViolation> faults) {
        JsonNode value = node.get(field);
        String pointer = JsonPointer.append("", field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            faults.add(new PolicyViolation(pointer, "must be an array of strings"));
            return List.of();
        }
        if (value.size() > MAX_LIST) {
            faults.add(new PolicyViolation(pointer, "holds more than " + MAX_LIST + " entries"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || item.asText().isEmpty() || item.asText().length() > 255) {
                faults.add(new PolicyViolation(
                        JsonPointer.append(pointer, i), "must be a non-empty string of at most 255 characters"));
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    private static List<PrincipalRef> principals(JsonNode node, String field, List<PolicyViolation> faults) {
        JsonNode value = node.get(field);
        String pointer = JsonPointer.append("", field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            faults.add(new PolicyViolation(pointer, "must be an array of principals such as role:data-steward"));
            return List.of();
        }
        if (value.size() > MAX_LIST) {
            faults.add(new PolicyViolation(pointer, "holds more than " + MAX_LIST + " entries"));
            return List.of();
        }
        List<PrincipalRef> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            PrincipalRef ref = principal(value.get(i), JsonPointer.append(pointer, i), true, faults);
            if (ref != null) {
                out.add(ref);
            }
        }
        return out;
    }

    private static PrincipalRef principal(
            JsonNode value, String pointer, boolean required, List<PolicyViolation> faults) {
        if (value == null || value.isNull()) {
            if (required) {
                faults.add(new PolicyViolation(pointer, "is required: user:<name>, client:<id> or role:<name>"));
            }
            return null;
        }
        if (!value.isTextual()) {
            faults.add(new PolicyViolation(pointer, "must be a string: user:<name>, client:<id> or role:<name>"));
            return null;
        }
        try {
            return PrincipalRef.parse(value.asText());
        } catch (IllegalArgumentException e) {
            faults.add(new PolicyViolation(pointer, e.getMessage()));
            return null;
        }
    }

    // --- writing ---------------------------------------------------------------------------------------------

    /** The body's fields (with {@code kind}), as stored and as answered. */
    public static ObjectNode write(PolicyBody body) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", body.kind().wireName());
        if (body instanceof PolicyBody.Grant g) {
            node.put("principal", g.principal().toString());
            node.put("privilege", g.privilege().name());
            node.put("securable", g.securable().toString());
            if (!g.columns().isEmpty()) {
                ArrayNode columns = node.putArray("columns");
                g.columns().forEach(columns::add);
            }
        } else if (body instanceof PolicyBody.Mask m) {
            if (m.table() != null) {
                node.put("table", m.table().toString());
            }
            if (m.column() != null) {
                node.put("column", m.column());
            }
            if (m.tag() != null) {
                node.put("tag", m.tag());
            }
            node.put("function", m.function().wireName());
            if (m.keepFirst() != null) {
                node.put("keep-first", m.keepFirst());
            }
            if (m.keepLast() != null) {
                node.put("keep-last", m.keepLast());
            }
            if (m.keepDomain()) {
                node.put("keep-domain", true);
            }
            if (m.unit() != null) {
                node.put("unit", m.unit());
            }
            if (m.expression() != null) {
                node.put("expression", m.expression());
            }
            principalArray(node, "exempt", m.exempt());
        } else if (body instanceof PolicyBody.RowFilter f) {
            node.put("table", f.table().toString());
            node.put("predicate", f.predicate());
            principalArray(node, "applies-to", f.appliesTo());
            principalArray(node, "exempt", f.exempt());
        } else if (body instanceof PolicyBody.Role r) {
            node.put("name", r.name());
            principalArray(node, "members", r.members());
        }
        return node;
    }

    private static void principalArray(ObjectNode node, String field, List<PrincipalRef> refs) {
        ArrayNode array = node.putArray(field);
        refs.forEach(ref -> array.add(ref.toString()));
    }

    /** The whole policy as the API answers it. */
    public static ObjectNode write(Policy policy) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", policy.id().toString());
        node.put("version", policy.version());
        node.setAll(write(policy.body()));
        if (policy.description() != null) {
            node.put("description", policy.description());
        }
        node.put("changed-by", policy.changedBy());
        node.put(
                "changed-at",
                policy.changedAt() == null ? null : policy.changedAt().toString());
        if (policy.reason() != null) {
            node.put("reason", policy.reason());
        }
        return node;
    }
}
