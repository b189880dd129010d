package io.tributary.governance.core.opa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.governance.core.Identity;
import io.tributary.governance.core.MemoryCatalog;
import io.tributary.governance.core.PolicyBody;
import io.tributary.governance.core.PolicyEvaluator;
import io.tributary.governance.core.PolicySet;
import io.tributary.governance.core.PrincipalDirectory;
import io.tributary.governance.core.PrincipalRef;
import io.tributary.governance.core.Privilege;
import io.tributary.governance.core.Securable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Federated Trino catalogs: reached by grants naming them, or MANAGE on {@code *}; never by a lesser {@code *}. */
class TrinoFederatedCatalogsTest {

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
    private PolicySet policies = TrinoAccessControlTest.set();
    private final TrinoAccessControl trino = new TrinoAccessControl(
            () -> policies,
            MemoryCatalog.sales(),
            directory,
            new PolicyEvaluator("salt"),
            "iceberg",
            "salt",
            Set.of("tpch", "warehouse_pg", "iceberg"));

    @BeforeEach
    void users() {
        directory.record(Identity.user("ada", Set.of("platform-admin")));
        directory.record(Identity.user("ana", Set.of("data-analyst")));
        directory.record(Identity.user("sam", Set.of("data-steward")));
    }

    private static PolicyBody grant(String principal, Privilege privilege, String securable) {
        return new PolicyBody.Grant(PrincipalRef.parse(principal), privilege, Securable.parse(securable), List.of());
    }

    private static ObjectNode catalog(String name) {
        return JSON.createObjectNode().set("catalog", JSON.createObjectNode().put("name", name));
    }

    private static ObjectNode schema(String catalog, String schema) {
        return JSON.createObjectNode().put("catalogName", catalog).put("schemaName", schema);
    }

    private static ObjectNode table(String catalog, String schema, String table, String... columns) {
        ObjectNode node = schema(catalog, schema).put("tableName", table);
        if (columns.length > 0) {
            ArrayNode array = node.putArray("columns");
            for (String c : columns) {
                array.add(c);
            }
        }
        return node;
    }

    private static ObjectNode wrap(String key, ObjectNode resource) {
        return JSON.createObjectNode().set(key, resource);
    }

    private boolean select(String user, String catalog, String schema, String table) {
        return trino.allow(TrinoAccessControlTest.single(
                user, "SelectFromColumns", "table", table(catalog, schema, table, "n_name")));
    }

    @Test
    void adminsReachEveryFederatedCatalogThroughManageOnEverything() {
        assertThat(trino.allow(TrinoAccessControlTest.single(
                        "ada", "AccessCatalog", "catalog", catalog("tpch").get("catalog"))))
                .isTrue();
        assertThat(select("ada", "tpch", "tiny", "nation")).isTrue();
        assertThat(trino.allow(TrinoAccessControlTest.single(
                        "ada", "CreateSchema", "schema", schema("warehouse_pg", "staging"))))
                .isTrue();
        assertThat(trino.allow(TrinoAccessControlTest.single(
                        "ada", "InsertIntoTable", "table", table("warehouse_pg", "public", "t"))))
                .isTrue();
    }

    @Test
    void selectOnEverythingMeansTheLakeOnly() {
        assertThat(trino.allow(TrinoAccessControlTest.single(
                        "ana", "AccessCatalog", "catalog", catalog("tpch").get("catalog"))))
                .isFalse();
        assertThat(select("ana", "tpch", "tiny", "nation")).isFalse();
        assertThat(select("sam", "tpch", "tiny", "nation")).isFalse();
        assertThat(trino.filter(TrinoAccessControlTest.batch(
                        "ana",
                        "FilterCatalogs",
                        List.of(catalog("iceberg"), catalog("tpch"), catalog("system"), catalog("memory")))))
                .containsExactly(0, 2);
    }

    @Test
    void aGrantNamingTheCatalogReachesItAndNothingElse() {
        policies = TrinoAccessControlTest.set(grant("role:data-analyst", Privilege.SELECT, "catalog:tpch.tiny"));
        assertThat(trino.allow(TrinoAccessControlTest.single(
                        "ana", "AccessCatalog", "catalog", catalog("tpch").get("catalog"))))
                .isTrue();
        assertThat(select("ana", "tpch", "tiny", "nation")).isTrue();
        assertThat(select("ana", "tpch", "sf1", "nation")).isFalse();
        assertThat(select("ana", "warehouse_pg", "tiny", "nation")).isFalse();
        assertThat(trino.allow(TrinoAccessControlTest.single(
                        "ana", "InsertIntoTable", "table", table("tpch", "tiny", "nation"))))
                .isFalse();
        assertThat(trino.filter(TrinoAccessControlTest.batch(
                        "ana",
                        "FilterSchemas",
                        List.of(
                                wrap("schema", schema("tpch", "tiny")),
                                wrap("schema", schema("tpch", "sf1")),
                                wrap("schema", schema("tpch", "information_schema")),
                                wrap("schema", schema("warehouse_pg", "public"))))))
                .containsExactly(0, 2);
        assertThat(trino.filter(TrinoAccessControlTest.batch(
                        "ana",
                        "FilterTables",
                        List.of(
                                wrap("table", table("tpch", "tiny", "nation")),
                                wrap("table", table("tpch", "sf1", "nation"))))))
                .containsExactly(0);
        assertThat(trino.filter(TrinoAccessControlTest.batch(
                        "ana",
                        "FilterColumns",
                        List.of(wrap("table", table("tpch", "tiny", "nation", "n_name", "n_nationkey"))))))
                .containsExactly(0, 1);
        assertThat(trino.rowFilters(TrinoAccessControlTest.single(
                        "ana", "GetRowFilters", "table", table("tpch", "tiny", "nation"))))
                .isEmpty();
    }

    @Test
    void aCatalogNotConfiguredStaysInvisibleWhateverTheGrants() {
        assertThat(trino.allow(TrinoAccessControlTest.single(
                        "ada", "AccessCatalog", "catalog", catalog("memory").get("catalog"))))
                .isFalse();
        assertThat(select("ada", "memory", "default", "t")).isFalse();
        // The lake keeps its own rules even when listed among the federated catalogs.
        assertThat(trino.allow(TrinoAccessControlTest.single(
                        "ana", "SelectFromColumns", "table", table("iceberg", "sales", "orders", "order_id"))))
                .isTrue();
    }
}
