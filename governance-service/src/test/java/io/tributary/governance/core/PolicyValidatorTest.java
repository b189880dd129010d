package io.tributary.governance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PolicyValidator validator = new PolicyValidator(MemoryCatalog.sales());

    private InvalidPolicyException refusal(String json, List<Policy> existing) throws Exception {
        try {
            PolicyCodec.Draft draft = PolicyCodec.read(JSON.readTree(json));
            validator.validate(null, draft.body(), existing);
        } catch (InvalidPolicyException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'kind':'grant','principal':'role:x','privilege':'SELECT','securable':'sales.nosuch'}|/securable|no table sales.nosuch|true",
                "{'kind':'grant','principal':'role:x','privilege':'SELECT','securable':'sales.orders','columns':['nope']}|/columns/0|no column 'nope'|true",
                "{'kind':'grant','principal':'ana','privilege':'SELECT','securable':'*'}|/principal|user:<name>|false",
                "{'kind':'grant','principal':'role:x','privilege':'READ','securable':'*'}|/privilege|must be one of|false",
                "{'kind':'grant','principal':'role:x','privilege':'SELECT','securable':'*','extra':1}|/extra|is not a field|false",
                "{'kind':'mask','table':'sales.customers','column':'nope','function':'hash'}|/column|no column 'nope'|true",
                "{'kind':'mask','tag':'pii','table':'sales.customers','column':'email','function':'hash'}|/tag|not both|true",
                "{'kind':'mask','table':'sales.customers','column':'id','function':'partial','keep-last':4}|/column|needs a string column|true",
                "{'kind':'mask','tag':'pii','function':'expression','expression':'(SELECT 1)'}|/expression|subqueries are not allowed|true",
                "{'kind':'mask','tag':'pii','function':'expression','expression':'pg_read_file(value)'}|/expression|function 'pg_read_file' is not allowed|true",
                "{'kind':'mask','tag':'pii','function':'truncate-date','unit':'week'}|/unit|year or month|true",
                "{'kind':'row-filter','table':'sales.customers','predicate':'country = '}|/predicate|ends too early|true",
                "{'kind':'row-filter','table':'sales.customers','predicate':'nope = 1'}|/predicate|unknown column 'nope'|true",
                "{'kind':'row-filter','table':'sales.nosuch','predicate':'1 = 1'}|/table|no table sales.nosuch|true",
                "{'kind':'nope'}|/kind|must be one of|false",
            })
    void refusalsNameTheField(String json, String pointer, String message, boolean semantic) throws Exception {
        InvalidPolicyException e = refusal(json.replace('\'', '"'), List.of());
        assertThat(e.semantic()).isEqualTo(semantic);
        assertThat(e.violations()).anySatisfy(v -> {
            assertThat(v.pointer()).isEqualTo(pointer);
            assertThat(v.message()).contains(message);
        });
    }

    @Test
    void aLoopOfRolesIsRefused() throws Exception {
        Policy a = Fixtures.policy(new PolicyBody.Role("a", List.of(PrincipalRef.role("b"))));
        Policy b = Fixtures.policy(new PolicyBody.Role("b", List.of(PrincipalRef.role("c"))));
        InvalidPolicyException e =
                refusal("{\"kind\":\"role\",\"name\":\"c\",\"members\":[\"user:x\",\"role:a\"]}", List.of(a, b));
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.pointer()).isEqualTo("/members/1");
            assertThat(v.message()).isEqualTo("makes a loop of roles: c <- a <- b <- c");
        });
        assertThatThrownBy(() -> validator.validate(
                        null, new PolicyBody.Role("self", List.of(PrincipalRef.role("self"))), List.of()))
                .isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void federatedGrantsNameAConfiguredCatalog() throws Exception {
        PolicyValidator federated =
                new PolicyValidator(MemoryCatalog.sales(), java.util.Set.of("tpch", "warehouse_pg"));
        for (String securable : List.of("catalog:tpch", "catalog:tpch.sf1", "catalog:warehouse_pg.public.orders")) {
            PolicyCodec.Draft draft = PolicyCodec.read(JSON.readTree(
                    "{\"kind\":\"grant\",\"principal\":\"role:x\",\"privilege\":\"SELECT\",\"securable\":\"" + securable
                            + "\"}"));
            federated.validate(null, draft.body(), List.of());
            assertThat(PolicyCodec.write(draft.body()).get("securable").asText())
                    .isEqualTo(securable);
        }
        assertThatThrownBy(() -> federated.validate(
                        null,
                        new PolicyBody.Grant(
                                PrincipalRef.role("x"), Privilege.SELECT, Securable.parse("catalog:nosuch"), List.of()),
                        List.of()))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
                    assertThat(e.semantic()).isTrue();
                    assertThat(e.violations()).singleElement().satisfies(v -> {
                        assertThat(v.pointer()).isEqualTo("/securable");
                        assertThat(v.message())
                                .isEqualTo("no Trino catalog 'nosuch' is configured (federated catalogs: tpch,"
                                        + " warehouse_pg)");
                    });
                });
        // Without federated catalogs configured, every catalog: securable is unknown.
        assertThat(refusal(
                                "{\"kind\":\"grant\",\"principal\":\"role:x\",\"privilege\":\"SELECT\",\"securable\":\"catalog:tpch\"}",
                                List.of())
                        .violations())
                .singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo("no Trino catalog 'tpch' is configured"));
    }

    @ParameterizedTest
    @CsvSource({"catalog:", "catalog:TPCH", "catalog:tpch.", "catalog:a.b.c.d", "catalog:tp ch"})
    void malformedFederatedSecurablesAre400s(String securable) throws Exception {
        InvalidPolicyException e = refusal(
                "{\"kind\":\"grant\",\"principal\":\"role:x\",\"privilege\":\"SELECT\",\"securable\":\"" + securable
                        + "\"}",
                List.of());
        assertThat(e.semantic()).isFalse();
        assertThat(e.violations())
                .singleElement()
                .satisfies(v -> assertThat(v.pointer()).isEqualTo("/securable"));
    }

    @Test
    void lakeGrantsNeverReachFederatedCatalogsNorTheOtherWay() {
        Securable tpch = Securable.parse("catalog:tpch.sf1");
        assertThat(tpch.covers(new TableRef("sf1", "nation"))).isFalse();
        assertThat(tpch.touches("sf1")).isFalse();
        assertThat(tpch.coversFederated("tpch", "sf1", "nation")).isTrue();
        assertThat(tpch.coversFederated("tpch", "tiny", "nation")).isFalse();
        assertThat(tpch.coversFederated("tpch", null, null)).isFalse();
        assertThat(Securable.parse("sf1").coversFederated("tpch", "sf1", "nation"))
                .isFalse();
        assertThat(Securable.ALL.covers(new TableRef("sales", "orders"))).isTrue();
    }

    @Test
    void wellFormedPoliciesPass() throws Exception {
        for (String json : List.of(
                "{\"kind\":\"grant\",\"principal\":\"client:shop\",\"privilege\":\"INSERT\",\"securable\":\"sales.orders\"}",
                "{\"kind\":\"mask\",\"tag\":\"pii\",\"function\":\"expression\",\"expression\":\"CASE WHEN has_role('eu') THEN value END\"}",
                "{\"kind\":\"row-filter\",\"table\":\"sales.customers\",\"predicate\":\"country = attribute('country') OR has_role('x')\"}",
                "{\"kind\":\"role\",\"name\":\"eu\",\"members\":[\"role:data-analyst\"]}")) {
            PolicyCodec.Draft draft = PolicyCodec.read(JSON.readTree(json));
            validator.validate(null, draft.body(), List.of());
            assertThat(PolicyCodec.read(PolicyCodec.write(draft.body())).body()).isEqualTo(draft.body());
        }
    }
}
