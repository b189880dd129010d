package io.tributary.governance.core.quality;

import static io.tributary.governance.core.MemoryCatalog.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.governance.core.MemoryCatalog;
import io.tributary.governance.core.TableRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QualityRuleValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final MemoryCatalog CATALOG = new MemoryCatalog()
            .table(
                    "shop.orders",
                    column("order_id", "long"),
                    column("status", "string"),
                    column("email", "string"),
                    column("total", "decimal(10, 2)"),
                    column("paid", "boolean"),
                    column("created_at", "timestamptz"),
                    column("day", "date"));

    private final QualityRuleValidator validator = new QualityRuleValidator(CATALOG);

    private QualityRule.Draft read(String json) throws Exception {
        return validator.read(JSON.readTree(json.replace('\'', '"')));
    }

    private InvalidQualityRuleException refusal(String json) throws Exception {
        try {
            read(json);
        } catch (InvalidQualityRuleException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void eachTypeReadsIntoItsTypedCheck() throws Exception {
        assertThat(read("{'table':'shop.orders','name':'ids','type':'not_null','columns':['order_id','status']}")
                        .check())
                .isEqualTo(new RuleCheck.NotNull(List.of("order_id", "status")));
        assertThat(read("{'table':'shop.orders','name':'u','type':'unique','columns':['order_id']}")
                        .check())
                .isEqualTo(new RuleCheck.Unique(List.of("order_id")));
        assertThat(read("{'table':'shop.orders','name':'s','type':'accepted_values','columns':['status'],"
                                + "'params':{'values':['new','paid']}}")
                        .check())
                .isEqualTo(new RuleCheck.AcceptedValues("status", List.of("new", "paid")));
        assertThat(read("{'table':'shop.orders','name':'r','type':'range','columns':['total'],"
                                + "'params':{'min':0,'max-inclusive':false,'max':1000}}")
                        .check())
                .isEqualTo(new RuleCheck.Range("total", new BigDecimal("0"), new BigDecimal("1000"), true, false));
        assertThat(read("{'table':'shop.orders','name':'f','type':'freshness','columns':['created_at'],"
                                + "'params':{'max-age':'PT6H'}}")
                        .check())
                .isEqualTo(new RuleCheck.Freshness("created_at", Duration.ofHours(6)));
        assertThat(read("{'table':'shop.orders','name':'c','type':'row_count','params':{'min':1}}")
                        .check())
                .isEqualTo(new RuleCheck.RowCount(1L, null));
        assertThat(read("{'table':'shop.orders','name':'sc','type':'schema','params':{'types':{'order_id':'long'}}}")
                        .check())
                .isEqualTo(new RuleCheck.Schema(Map.of("order_id", "long")));
        QualityRule.Draft draft = read("{'table':'shop.orders','name':'q','type':'sql','severity':'block','version':3,"
                + "'params':{'sql':'SELECT * FROM shop.orders WHERE total < 0'}}");
        assertThat(draft.check()).isEqualTo(new RuleCheck.Sql("SELECT * FROM shop.orders WHERE total < 0"));
        assertThat(draft.severity()).isEqualTo(Severity.BLOCK);
        assertThat(draft.expectedVersion()).isEqualTo(3);
        assertThat(draft.table()).isEqualTo(new TableRef("shop", "orders"));
    }

    @Test
    void aRuleReadsBackAsItWasWritten() throws Exception {
        String json = "{'table':'shop.orders','name':'r','type':'range','columns':['total'],"
                + "'params':{'min':0.5,'max':10,'min-inclusive':true,'max-inclusive':false},"
                + "'severity':'warn','description':'sane totals'}";
        QualityRule.Draft draft = read(json);
        assertThat(QualityRuleCodec.writeBody(draft).toString())
                .isEqualTo(JSON.readTree(json.replace('\'', '"')).toString());
        assertThat(QualityRuleCodec.readStored(QualityRuleCodec.writeBody(draft)))
                .isEqualTo(draft);
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '`',
            value = {
                "{'table':'shop.orders','name':'x','type':'not_null','columns':['nope']} => /columns/0 => is not a column of shop.orders",
                "{'table':'shop.orders','name':'x','type':'not_null'} => /columns => at least one column",
                "{'table':'shop.orders','name':'x','type':'not_null','columns':['status','status']} => /columns/1 => twice",
                "{'table':'shop.orders','name':'x','type':'nonsense'} => /type => must be one of",
                "{'table':'shop','name':'x','type':'unique','columns':['a']} => /table => must be namespace.table",
                "{'table':'shop.orders','type':'unique','columns':['order_id']} => /name => is required",
                "{'table':'shop.orders','name':'x','type':'unique','columns':['order_id'],'severity':'fatal'} => /severity => warn or block",
                "{'table':'shop.orders','name':'x','type':'unique','columns':['order_id'],'extra':1} => /extra => is not a field",
                "{'table':'shop.orders','name':'x','type':'unique','columns':['order_id'],'params':{'min':1}} => /params/min => is not a parameter of a unique rule",
                "{'table':'shop.orders','name':'x','type':'accepted_values','columns':['status'],'params':{'values':[]}} => /params/values => must not be empty",
                "{'table':'shop.orders','name':'x','type':'accepted_values','columns':['status']} => /params/values => is required",
                "{'table':'shop.orders','name':'x','type':'accepted_values','columns':['status'],'params':{'values':[{}]}} => /params/values/0 => a string, a number or a boolean",
                "{'table':'shop.orders','name':'x','type':'accepted_values','columns':['total'],'params':{'values':['1']}} => /params/values/0 => must be a number",
                "{'table':'shop.orders','name':'x','type':'accepted_values','columns':['status','email'],'params':{'values':['a']}} => /columns => exactly one column",
                "{'table':'shop.orders','name':'x','type':'range','columns':['total'],'params':{'min':10,'max':1}} => /params/min => is greater than max",
                "{'table':'shop.orders','name':'x','type':'range','columns':['total'],'params':{'min':1,'max':1,'min-inclusive':false}} => /params/min => no value could pass",
                "{'table':'shop.orders','name':'x','type':'range','columns':['total'],'params':{'min':'1'}} => /params/min => must be a number",
                "{'table':'shop.orders','name':'x','type':'range','columns':['total'],'params':{}} => /params => needs min, max or both",
                "{'table':'shop.orders','name':'x','type':'range','columns':['total'],'params':{'min':1,'min-inclusive':'yes'}} => /params/min-inclusive => true or false",
                "{'table':'shop.orders','name':'x','type':'range','columns':['status'],'params':{'min':1}} => /columns/0 => needs a number column",
                "{'table':'shop.orders','name':'x','type':'regex','columns':['status'],'params':{'pattern':'(a+)+'}} => /params/pattern => catastrophic backtracking",
                "{'table':'shop.orders','name':'x','type':'regex','columns':['status'],'params':{'pattern':'[a-'}} => /params/pattern => does not compile",
                "{'table':'shop.orders','name':'x','type':'regex','columns':['total'],'params':{'pattern':'a'}} => /columns/0 => needs a string column",
                "{'table':'shop.orders','name':'x','type':'length','columns':['email'],'params':{'min':5,'max':2}} => /params/min => is greater than max",
                "{'table':'shop.orders','name':'x','type':'length','columns':['email'],'params':{'min':-1}} => /params/min => whole number from 0",
                "{'table':'shop.orders','name':'x','type':'row_count','columns':['email'],'params':{'min':1}} => /columns => must be empty",
                "{'table':'shop.orders','name':'x','type':'row_count','params':{'min':1.5}} => /params/min => whole number from 0",
                "{'table':'shop.orders','name':'x','type':'freshness','columns':['created_at'],'params':{'max-age':'6 hours'}} => /params/max-age => ISO-8601 duration",
                "{'table':'shop.orders','name':'x','type':'freshness','columns':['day'],'params':{'max-age':'P1D'}} => /columns/0 => needs a timestamp column",
                "{'table':'shop.orders','name':'x','type':'schema','params':{'types':{'nope':'long'}}} => /params/types/nope => is not a column",
                "{'table':'shop.orders','name':'x','type':'schema','params':{'types':{'order_id':'bigint'}}} => /params/types/order_id => is not an Iceberg type",
                "{'table':'shop.orders','name':'x','type':'sql','params':{'sql':'DELETE FROM shop.orders'}} => /params/sql => must be one SELECT",
                "{'table':'shop.orders','name':'x','type':'sql','params':{'sql':'SELECT 1; SELECT 2'}} => /params/sql => more than one statement",
                "{'table':'shop.orders','name':'x','type':'sql','params':{'sql':7}} => /params/sql => must be a string",
                "{'table':'shop.orders','name':'x','type':'unique','columns':['order_id'],'version':0} => /version => positive integer"
            })
    void eachFaultNamesItsField(String json, String pointer, String message) throws Exception {
        assertThat(refusal(json).violations()).anySatisfy(v -> {
            assertThat(v.pointer()).isEqualTo(pointer);
            assertThat(v.message()).contains(message);
        });
    }

    @Test
    void everyFaultIsReportedAtOnce() throws Exception {
        assertThat(refusal("{'table':'shop.orders','name':'x','type':'range','columns':['nope'],"
                                + "'params':{'min':'a','max':'b'},'severity':'loud'}")
                        .violations())
                .extracting(RuleViolation::pointer)
                .containsExactlyInAnyOrder("/severity", "/params/min", "/params/max", "/columns/0");
    }

    @Test
    void anUnknownTableIsNotFound() {
        assertThatThrownBy(() -> read("{'table':'shop.nosuch','name':'x','type':'unique','columns':['a']}"))
                .isInstanceOf(UnknownTableException.class)
                .hasMessageContaining("shop.nosuch");
    }
}
