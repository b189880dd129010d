package io.tributary.governance.core.opa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.governance.core.BootstrapPolicies;
import io.tributary.governance.core.Identity;
import io.tributary.governance.core.MemoryCatalog;
import io.tributary.governance.core.Policy;
import io.tributary.governance.core.PolicyBody;
import io.tributary.governance.core.PolicyEvaluator;
import io.tributary.governance.core.PolicySet;
import io.tributary.governance.core.PrincipalDirectory;
import io.tributary.governance.core.PrincipalRef;
import io.tributary.governance.core.Privilege;
import io.tributary.governance.core.Securable;
import io.tributary.governance.core.TableRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrinoAccessControlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Identity> seen = new HashMap<>();
    private final PrincipalDirectory directory = new PrincipalDirectory() {
        @Override
        public Optional<Identity> find(String user) {
            return Optional.ofNullable(seen.get(user));
        }

        @Override
        public void record(Identity identity) {
            seen.put(identity.user(), identity);
        }
    };
    private PolicySet policies = set();
    private final TrinoAccessControl trino = new TrinoAccessControl(
            () -> policies, MemoryCatalog.sales(), directory, new PolicyEvaluator("salt"), "iceberg", "salt");

    static PolicySet set(PolicyBody... more) {
        List<Policy> list = new ArrayList<>();
        for (BootstrapPolicies.Entry e : BootstrapPolicies.entries()) {
            list.add(new Policy(UUID.randomUUID(), 1, e.body(), null, "system", Instant.EPOCH, null));
        }
        for (PolicyBody body : more) {
            list.add(new Policy(UUID.randomUUID(), 1, body, null, "sam", Instant.now(), null));
        }
        return PolicySet.of(list.size(), list);
    }

    static ObjectNode request(String user, String operation) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode input = root.putObject("input");
        ObjectNode identity = input.putObject("context").putObject("identity");
        identity.put("user", user);
        identity.putArray("groups");
        input.putObject("action").put("operation", operation);
        return root;
    }

    private static ObjectNode table(String schema, String table, String... columns) {
        ObjectNode node = JSON.createObjectNode()
                .put("catalogName", "iceberg")
                .put("schemaName", schema)
                .put("tableName", table);
        if (columns.length > 0) {
            ArrayNode array = node.putArray("columns");
            for (String c : columns) {
                array.add(c);
            }
        }
        return node;
    }

    static ObjectNode single(String user, String operation, String key, JsonNode resource) {
        ObjectNode r = request(user, operation);
        ((ObjectNode) r.get("input").get("action")).putObject("resource").set(key, resource);
        return r;
    }

    static ObjectNode batch(String user, String operation, List<ObjectNode> resources) {
        ObjectNode r = request(user, operation);
        ArrayNode array = ((ObjectNode) r.get("input").get("action")).putArray("filterResources");
        resources.forEach(array::add);
        return r;
    }

    @Test
    void analystsSelectAndNoGrantMeansDenied() {
        directory.record(Identity.user("ana", Set.of("data-analyst")));
        assertThat(trino.allow(single("ana", "SelectFromColumns", "table", table("sales", "orders", "order_id"))))
                .isTrue();
        assertThat(trino.allow(single("nora", "SelectFromColumns", "table", table("sales", "orders", "order_id"))))
                .isFalse();
        assertThat(trino.allow(single("ana", "InsertIntoTable", "table", table("sales", "orders"))))
                .isFalse();
        assertThat(trino.allow(request("nora", "ExecuteQuery"))).isTrue();
        assertThat(trino.allow(request("ana", "SomethingNew"))).isFalse();
    }

    @Test
    void trinoGroupsAreTheRolesWhenSent() {
        ObjectNode r = single("zed", "SelectFromColumns", "table", table("sales", "orders", "order_id"));
        ((ArrayNode) r.get("input").get("context").get("identity").get("groups")).add("data-analyst");
        assertThat(trino.allow(r)).isTrue();
    }

    @Test
    void filterTablesAnswersTheIndicesOfGrantedTables() {
        policies = set(new PolicyBody.Grant(
                PrincipalRef.user("nora"), Privilege.SELECT, Securable.parse("hr.salaries"), List.of()));
        List<ObjectNode> resources = List.of(
                JSON.createObjectNode().set("table", table("sales", "orders")),
                JSON.createObjectNode().set("table", table("hr", "salaries")),
                JSON.createObjectNode().set("table", table("information_schema", "tables")));
        assertThat(trino.filter(batch("nora", "FilterTables", resources))).containsExactly(1, 2);
        List<ObjectNode> schemas = List.of(
                (ObjectNode) JSON.createObjectNode()
                        .set(
                                "schema",
                                JSON.createObjectNode()
                                        .put("catalogName", "iceberg")
                                        .put("schemaName", "sales")),
                (ObjectNode) JSON.createObjectNode()
                        .set(
                                "schema",
                                JSON.createObjectNode()
                                        .put("catalogName", "iceberg")
                                        .put("schemaName", "hr")));
        assertThat(trino.filter(batch("nora", "FilterSchemas", schemas))).containsExactly(1);
        assertThat(trino.filter(batch("nora", "FilterUnknownThings", resources)))
                .isEmpty();
    }

    @Test
    void filterColumnsAnswersIndicesIntoTheColumnList() {
        policies = set(new PolicyBody.Grant(
                PrincipalRef.user("nora"), Privilege.SELECT, Securable.parse("sales.orders"), List.of("total")));
        List<ObjectNode> one = List.of(
                (ObjectNode) JSON.createObjectNode().set("table", table("sales", "orders", "order_id", "total")));
        assertThat(trino.filter(batch("nora", "FilterColumns", one))).containsExactly(1);
    }

    @Test
    void rowFiltersAndMasksComeAsTrinoSqlWithTheUsersAttributes() {
        directory.record(new Identity("ana", null, Set.of("data-analyst"), Map.of("country", "DE")));
        policies = set(new PolicyBody.RowFilter(
                TableRef.parse("sales.customers"), "country = attribute('country')", List.of(), List.of()));
        assertThat(trino.rowFilters(single("ana", "GetRowFilters", "table", table("sales", "customers"))))
                .containsExactly("(\"country\" = 'DE')");
        assertThat(trino.rowFilters(single("nora", "GetRowFilters", "table", table("sales", "customers"))))
                .containsExactly("false");
        List<ObjectNode> columns = List.of(column("id", "bigint"), column("email", "varchar"), column("born", "date"));
        List<TrinoAccessControl.ColumnMask> masks = trino.columnMasks(batch("ana", "GetColumnMask", columns));
        assertThat(masks).extracting(TrinoAccessControl.ColumnMask::index).containsExactly(1, 2);
        assertThat(masks.get(0).expression()).isEqualTo("lower(to_hex(sha256(to_utf8(('salt' || \"email\")))))");
        assertThat(masks.get(1).expression()).isEqualTo("CAST(NULL AS date)");
    }

    @Test
    void impersonationNeedsTheGrant() {
        ObjectNode asAna = single(
                BootstrapPolicies.QUERY_SERVICE_USER,
                "ImpersonateUser",
                "user",
                JSON.createObjectNode().put("user", "ana"));
        assertThat(trino.allow(asAna)).isTrue();
        ObjectNode byAna =
                single("ana", "ImpersonateUser", "user", JSON.createObjectNode().put("user", "sam"));
        assertThat(trino.allow(byAna)).isFalse();
    }

    @Test
    void requestsWithoutAnIdentityAreRefused() {
        assertThatThrownBy(() -> trino.allow(JSON.createObjectNode())).isInstanceOf(OpaRequestException.class);
    }

    private static ObjectNode column(String name, String type) {
        return (ObjectNode) JSON.createObjectNode()
                .set(
                        "column",
                        JSON.createObjectNode()
                                .put("catalogName", "iceberg")
                                .put("schemaName", "sales")
                                .put("tableName", "customers")
                                .put("columnName", name)
                                .put("columnType", type));
    }
}
