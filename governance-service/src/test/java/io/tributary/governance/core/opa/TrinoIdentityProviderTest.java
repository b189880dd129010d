package io.tributary.governance.core.opa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.governance.core.BootstrapPolicies;
import io.tributary.governance.core.Identity;
import io.tributary.governance.core.IdentityProviderDirectory;
import io.tributary.governance.core.IdentityProviderUnavailableException;
import io.tributary.governance.core.MemoryCatalog;
import io.tributary.governance.core.MemoryDirectory;
import io.tributary.governance.core.Policy;
import io.tributary.governance.core.PolicyBody;
import io.tributary.governance.core.PolicyEvaluator;
import io.tributary.governance.core.PolicySet;
import io.tributary.governance.core.TableRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Trino users who never called our APIs: who they are comes from the identity provider, and its outage denies. */
class TrinoIdentityProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private boolean providerDown;

    private final IdentityProviderDirectory directory = new IdentityProviderDirectory(
            new MemoryDirectory(),
            user -> {
                if (providerDown) {
                    throw new IdentityProviderUnavailableException("connection refused", null);
                }
                return user.equals("abe")
                        ? Optional.of(new Identity("abe", null, Set.of("data-analyst"), Map.of("country", "FR")))
                        : Optional.empty();
            },
            Duration.ZERO,
            Duration.ZERO,
            Clock.systemUTC());

    private final TrinoAccessControl trino = new TrinoAccessControl(
            TrinoIdentityProviderTest::policies,
            MemoryCatalog.sales(),
            directory,
            new PolicyEvaluator("salt"),
            "iceberg",
            "salt");

    private static PolicySet policies() {
        List<Policy> list = new ArrayList<>();
        for (BootstrapPolicies.Entry e : BootstrapPolicies.entries()) {
            list.add(new Policy(UUID.randomUUID(), 1, e.body(), null, "system", Instant.EPOCH, null));
        }
        list.add(new Policy(
                UUID.randomUUID(),
                1,
                new PolicyBody.RowFilter(
                        TableRef.parse("sales.customers"), "country = attribute('country')", List.of(), List.of()),
                null,
                "sam",
                Instant.EPOCH,
                null));
        return PolicySet.of(list.size(), list);
    }

    private static ObjectNode request(String user, String operation) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode input = root.putObject("input");
        input.putObject("context").putObject("identity").put("user", user).putArray("groups");
        input.putObject("action").put("operation", operation);
        return root;
    }

    private static ObjectNode onTable(String user, String operation, String... columns) {
        ObjectNode r = request(user, operation);
        ObjectNode table = ((ObjectNode) r.get("input").get("action"))
                .putObject("resource")
                .putObject("table")
                .put("catalogName", "iceberg")
                .put("schemaName", "sales")
                .put("tableName", "customers");
        ArrayNode array = table.putArray("columns");
        for (String c : columns) {
            array.add(c);
        }
        return r;
    }

    private static ObjectNode masks(String user) {
        ObjectNode r = request(user, "GetColumnMask");
        ArrayNode resources = ((ObjectNode) r.get("input").get("action")).putArray("filterResources");
        for (String[] column : new String[][] {{"id", "bigint"}, {"email", "varchar"}, {"born", "date"}}) {
            resources
                    .addObject()
                    .putObject("column")
                    .put("catalogName", "iceberg")
                    .put("schemaName", "sales")
                    .put("tableName", "customers")
                    .put("columnName", column[0])
                    .put("columnType", column[1]);
        }
        return r;
    }

    @Test
    void aUserGovernanceNeverSawGetsTheProvidersRolesAndAttributes() {
        assertThat(trino.allow(onTable("abe", "SelectFromColumns", "id", "email")))
                .isTrue();
        assertThat(trino.rowFilters(onTable("abe", "GetRowFilters"))).containsExactly("(\"country\" = 'FR')");
        assertThat(trino.allow(onTable("zed", "SelectFromColumns", "id"))).isFalse();
    }

    @Test
    void whileTheProviderIsDownEveryAnswerIsADenial() {
        providerDown = true;
        assertThat(trino.allow(request("abe", "ExecuteQuery"))).isFalse();
        assertThat(trino.allow(onTable("abe", "SelectFromColumns", "id"))).isFalse();
        ObjectNode filterTables = request("abe", "FilterTables");
        ((ObjectNode) filterTables.get("input").get("action"))
                .putArray("filterResources")
                .addObject()
                .putObject("table")
                .put("catalogName", "iceberg")
                .put("schemaName", "sales")
                .put("tableName", "customers");
        assertThat(trino.filter(filterTables)).isEmpty();
        assertThat(trino.rowFilters(onTable("abe", "GetRowFilters"))).containsExactly("false");
        assertThat(trino.columnMasks(masks("abe")))
                .extracting(TrinoAccessControl.ColumnMask::expression)
                .containsExactly("CAST(NULL AS bigint)", "CAST(NULL AS varchar)", "CAST(NULL AS date)");

        providerDown = false;
        assertThat(trino.allow(onTable("abe", "SelectFromColumns", "id"))).isTrue();
    }
}
