package io.tributary.governance.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.governance.core.expr.SqlDialect;
import io.tributary.governance.core.expr.SqlRenderer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

    private final MemoryCatalog catalog = MemoryCatalog.sales();
    private final PolicyEvaluator evaluator = new PolicyEvaluator(Fixtures.SALT);
    private static final Identity ANA =
            new Identity("ana", "tributary-cli", Set.of("data-analyst"), Map.of("country", "DE"));
    private static final Identity SAM = new Identity("sam", "tributary-cli", Set.of("data-steward"), Map.of());
    private static final Identity NORA = new Identity("nora", "tributary-cli", Set.of(), Map.of());

    private TableDecision decide(PolicySet set, Identity who, String table, String... columns) {
        return evaluator.decide(
                set,
                set.subject(who),
                Privilege.SELECT,
                catalog.table(TableRef.parse(table)).orElseThrow(),
                List.of(columns));
    }

    private static String trino(TableDecision d, String column) {
        return SqlRenderer.render(d.masks().get(column).expression(), SqlDialect.TRINO);
    }

    private static String duckdb(TableDecision d, String column) {
        return SqlRenderer.render(d.masks().get(column).expression(), SqlDialect.DUCKDB);
    }

    @Test
    void bootstrapLetsAnalystsReadEverythingWithPiiHashed() {
        TableDecision d = decide(Fixtures.bootstrapPlus(), ANA, "sales.customers");
        assertThat(d.allowed()).isTrue();
        assertThat(d.columns()).containsExactly("id", "email", "country", "card", "born", "amount");
        assertThat(d.masks()).containsOnlyKeys("email", "card", "born");
        assertThat(duckdb(d, "email")).isEqualTo("sha256(('s3cret' || \"email\"))");
        assertThat(trino(d, "email")).isEqualTo("lower(to_hex(sha256(to_utf8(('s3cret' || \"email\")))))");
        // A hash is a string: a date tagged pii reads as a NULL of its own type, so Trino accepts the mask.
        assertThat(trino(d, "born")).isEqualTo("CAST(NULL AS date)");
        assertThat(d.rowFilter()).isNull();
    }

    @Test
    void stewardsAreExemptFromThePrivacyDefault() {
        TableDecision d = decide(Fixtures.bootstrapPlus(), SAM, "sales.customers");
        assertThat(d.allowed()).isTrue();
        assertThat(d.masks()).isEmpty();
    }

    @Test
    void withoutAGrantTheTableIsDeniedAndTheReasonSaysWhy() {
        TableDecision d = decide(Fixtures.bootstrapPlus(), NORA, "sales.orders");
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo("no SELECT grant on sales.orders for nora");
        assertThat(d.columns()).isEmpty();
    }

    @Test
    void columnGrantsNarrowWhatCanBeRead() {
        PolicySet set = Fixtures.bootstrapPlus(new PolicyBody.Grant(
                PrincipalRef.user("nora"),
                Privilege.SELECT,
                Securable.parse("sales.orders"),
                List.of("order_id", "total")));
        assertThat(decide(set, NORA, "sales.orders").columns()).containsExactly("order_id", "total");
        assertThat(decide(set, NORA, "sales.orders", "order_id").allowed()).isTrue();
        TableDecision refused = decide(set, NORA, "sales.orders", "order_id", "customer_id");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reason()).contains("customer_id");
    }

    @Test
    void columnMaskBeatsTagMaskAndPartialKeepsWhatItSays() {
        PolicySet set = Fixtures.bootstrapPlus(
                new PolicyBody.Mask(
                        TableRef.parse("sales.customers"),
                        "email",
                        null,
                        MaskFunction.PARTIAL,
                        null,
                        null,
                        true,
                        null,
                        null,
                        List.of()),
                new PolicyBody.Mask(
                        TableRef.parse("sales.customers"),
                        "card",
                        null,
                        MaskFunction.PARTIAL,
                        null,
                        4,
                        false,
                        null,
                        null,
                        List.of()),
                new PolicyBody.Mask(
                        TableRef.parse("sales.customers"),
                        "born",
                        null,
                        MaskFunction.TRUNCATE_DATE,
                        null,
                        null,
                        false,
                        "year",
                        null,
                        List.of()));
        TableDecision d = decide(set, ANA, "sales.customers");
        assertThat(trino(d, "email")).isEqualTo("regexp_replace(\"email\", '^[^@]*', '****')");
        assertThat(trino(d, "card"))
                .isEqualTo("lpad(substr(\"card\", greatest(((length(\"card\") - 4) + 1), 1)), length(\"card\"), '*')");
        assertThat(trino(d, "born")).isEqualTo("date_trunc('year', \"born\")");
        // Stewards are not exempt from the more specific masks, which name no exemptions.
        assertThat(decide(set, SAM, "sales.customers").masks()).containsOnlyKeys("email", "card", "born");
    }

    @Test
    void longerTagWinsAndExemptionsFollowTheWinner() {
        PolicySet set = Fixtures.bootstrapPlus(new PolicyBody.Mask(
                null,
                null,
                "pii.email",
                MaskFunction.REDACT,
                null,
                null,
                false,
                null,
                null,
                List.of(PrincipalRef.user("ana"))));
        TableDecision d = decide(set, ANA, "sales.customers");
        assertThat(d.masks()).doesNotContainKey("email").containsKey("card");
        TableDecision other =
                decide(set, new Identity("bob", null, Set.of("data-analyst"), Map.of()), "sales.customers");
        assertThat(duckdb(other, "email")).isEqualTo("'[REDACTED]'");
    }

    @Test
    void rowFiltersCombineWithAndAndUseTheCallersAttributes() {
        PolicySet set = Fixtures.bootstrapPlus(
                new PolicyBody.RowFilter(
                        TableRef.parse("sales.customers"),
                        "country = attribute('country')",
                        List.of(),
                        List.of(PrincipalRef.role("data-steward"))),
                new PolicyBody.RowFilter(
                        TableRef.parse("sales.customers"),
                        "amount > 0",
                        List.of(PrincipalRef.role("data-analyst")),
                        List.of()));
        TableDecision d = decide(set, ANA, "sales.customers");
        assertThat(SqlRenderer.render(d.rowFilter(), SqlDialect.TRINO))
                .isEqualTo("((\"country\" = 'DE') AND (\"amount\" > 0))");
        assertThat(d.rowFilterSources()).hasSize(2);
        assertThat(decide(set, SAM, "sales.customers").rowFilter()).isNull();
    }

    @Test
    void governanceRolesChainToTokenRoles() {
        PolicySet set = Fixtures.bootstrapPlus(
                new PolicyBody.Role("eu-readers", List.of(PrincipalRef.role("hr-readers"))),
                new PolicyBody.Role("hr-readers", List.of(PrincipalRef.user("nora"))),
                new PolicyBody.Grant(
                        PrincipalRef.role("eu-readers"), Privilege.SELECT, Securable.parse("hr"), List.of()));
        assertThat(decide(set, NORA, "hr.salaries").allowed()).isTrue();
        assertThat(decide(set, NORA, "sales.orders").allowed()).isFalse();
    }

    @Test
    void manageImpliesWritesButNotImpersonation() {
        PolicySet set = Fixtures.bootstrapPlus();
        Identity ada = Identity.user("ada", Set.of("platform-admin"));
        TableInfo orders = catalog.table(TableRef.parse("sales.orders")).orElseThrow();
        assertThat(evaluator
                        .decide(set, set.subject(ada), Privilege.MODIFY, orders, null)
                        .allowed())
                .isTrue();
        assertThat(evaluator
                        .decide(set, set.subject(ANA), Privilege.INSERT, orders, null)
                        .allowed())
                .isFalse();
        assertThat(evaluator.holds(set, set.subject(ada), Privilege.IMPERSONATE, Securable.ALL))
                .isFalse();
    }
}
