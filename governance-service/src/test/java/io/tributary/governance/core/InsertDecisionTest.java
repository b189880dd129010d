package io.tributary.governance.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** INSERT decisions: the producers of a table's ingest contract and the INSERT grants of policies are one thing. */
class InsertDecisionTest {

    private static final TableRef ORDERS = TableRef.parse("sales.orders");
    private static final List<ColumnInfo> COLUMNS =
            List.of(MemoryCatalog.column("order_id", "long"), MemoryCatalog.column("total", "double"));
    private static final Identity SHOP =
            new Identity("service-account-shop", "shop-backend", Set.of("data-producer"), Map.of());
    private static final Identity PAT = new Identity("pat", "tributary-cli", Set.of("data-producer"), Map.of());
    private static final Identity ANA = new Identity("ana", "tributary-cli", Set.of("data-analyst"), Map.of());
    private static final Identity ADA = new Identity("ada", "tributary-cli", Set.of("platform-admin"), Map.of());

    private static TableDecision decide(PolicySet set, Privilege privilege, Identity who, String... producers) {
        TableInfo table = new TableInfo(ORDERS, COLUMNS, List.of(producers));
        DecisionService service = new DecisionService(
                () -> set, ref -> ref.equals(ORDERS) ? Optional.of(table) : Optional.empty(), new PolicyEvaluator("s"));
        return service.decide(who, privilege, List.of(new DecisionService.TableRequest(ORDERS, null)))
                .decisions()
                .get(0);
    }

    @Test
    void aProducerTheContractNamesByClientOrUserMayInsertAndTheDecisionSaysSo() {
        TableDecision byClient = decide(Fixtures.bootstrapPlus(), Privilege.INSERT, SHOP, "other", "shop-backend");
        assertThat(byClient.allowed()).isTrue();
        assertThat(byClient.producers()).containsExactly("shop-backend");
        assertThat(byClient.grants()).isEmpty();

        TableDecision byUser = decide(Fixtures.bootstrapPlus(), Privilege.INSERT, PAT, "pat");
        assertThat(byUser.allowed()).isTrue();
        assertThat(byUser.producers()).containsExactly("pat");
    }

    @Test
    void starAdmitsDataProducersOnly() {
        assertThat(decide(Fixtures.bootstrapPlus(), Privilege.INSERT, PAT, "*").producers())
                .containsExactly("*");
        TableDecision analyst = decide(Fixtures.bootstrapPlus(), Privilege.INSERT, ANA, "*");
        assertThat(analyst.allowed()).isFalse();
        assertThat(analyst.reason())
                .contains("no INSERT grant on sales.orders for ana")
                .contains("producers");
    }

    @Test
    void aProducerTheContractDoesNotNameIsDeniedAndTheReasonSaysWhy() {
        TableDecision d = decide(Fixtures.bootstrapPlus(), Privilege.INSERT, PAT, "shop-backend");
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason())
                .isEqualTo("no INSERT grant on sales.orders for pat, and pat is not among the producers of its "
                        + "ingest contract");
        assertThat(decide(Fixtures.bootstrapPlus(), Privilege.INSERT, PAT).reason())
                .as("no producers at all: the evaluator's own reason")
                .isEqualTo("no INSERT grant on sales.orders for pat");
    }

    @Test
    void anExplicitInsertGrantOrManageAdmitsBesideTheContract() {
        PolicySet set = Fixtures.bootstrapPlus(new PolicyBody.Grant(
                PrincipalRef.user("pat"), Privilege.INSERT, Securable.parse("sales.orders"), null));
        TableDecision granted = decide(set, Privilege.INSERT, PAT, "shop-backend");
        assertThat(granted.allowed()).isTrue();
        assertThat(granted.grants()).hasSize(1);
        assertThat(granted.producers()).isEmpty();

        TableDecision both = decide(set, Privilege.INSERT, PAT, "pat");
        assertThat(both.grants()).hasSize(1);
        assertThat(both.producers()).containsExactly("pat");

        assertThat(decide(Fixtures.bootstrapPlus(), Privilege.INSERT, ADA).allowed())
                .as("MANAGE * implies INSERT")
                .isTrue();
    }

    @Test
    void producersGrantNothingButInsert() {
        TableDecision select = decide(Fixtures.bootstrapPlus(), Privilege.SELECT, SHOP, "shop-backend");
        assertThat(select.allowed()).isFalse();
        assertThat(select.producers()).isEmpty();
        assertThat(decide(Fixtures.bootstrapPlus(), Privilege.MODIFY, SHOP, "shop-backend")
                        .allowed())
                .isFalse();
    }
}
