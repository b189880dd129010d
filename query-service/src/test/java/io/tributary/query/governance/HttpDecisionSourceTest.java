package io.tributary.query.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.query.core.TableAccess;
import io.tributary.query.core.TableName;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpDecisionSourceTest {

    @Test
    void readsAllowedDeniedMaskedAndFiltered() throws Exception {
        Map<TableName, TableAccess> decisions = HttpDecisionSource.parse(new ObjectMapper().readTree("""
                {"decisions": [
                  {"table": "sales.orders", "privilege": "SELECT", "allowed": true, "columns": ["id", "email"],
                   "masks": {"email": {"expression": "hash(email)", "duckdb": "sha256(email)", "trino": "x",
                                       "function": "hash", "policy": {"id": "p1", "version": 2}}},
                   "row-filter": {"expression": "region = 'EU'", "duckdb": "(region = 'EU')", "trino": "y",
                                  "policies": [{"id": "p2", "version": 1}]}},
                  {"table": "sales.secret", "allowed": false, "reason": "no grant"}
                ]}"""), "duckdb");
        TableAccess orders = decisions.get(new TableName("sales", "orders"));
        assertThat(orders.allowed()).isTrue();
        assertThat(orders.columns())
                .containsExactly(
                        TableAccess.ColumnAccess.plain("id"),
                        new TableAccess.ColumnAccess("email", "sha256(email)", "p1 v2"));
        assertThat(orders.rowFilter()).isEqualTo("(region = 'EU')");
        assertThat(orders.policies()).containsExactly("p2 v1");
        TableAccess secret = decisions.get(new TableName("sales", "secret"));
        assertThat(secret.allowed()).isFalse();
        assertThat(secret.reason()).isEqualTo("no grant");
    }
}
