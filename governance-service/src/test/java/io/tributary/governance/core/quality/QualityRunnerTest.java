package io.tributary.governance.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.ColumnInfo;
import io.tributary.governance.core.MemoryCatalog;
import io.tributary.governance.core.TableInfo;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.lake.LakeReads;
import io.tributary.governance.core.lake.LakeReadsRefusedException;
import io.tributary.governance.core.lake.LakeReadsUnavailableException;
import io.tributary.governance.core.lake.SnapshotCommitted;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class QualityRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableRef ORDERS = new TableRef("shop", "orders");

    /** shop.orders with the ingest key order_id. */
    private static final CatalogLookup CATALOG = new CatalogLookup() {
        final TableInfo base = QualityRuleValidatorTest.CATALOG.table(ORDERS).orElseThrow();

        @Override
        public Optional<TableInfo> table(TableRef ref) {
            if (!ref.equals(ORDERS)) {
                return Optional.empty();
            }
            List<ColumnInfo> columns = base.columns();
            return Optional.of(new TableInfo(ORDERS, columns, List.of(), List.of("order_id")));
        }
    };

    private final List<QualityRule> rules = new ArrayList<>();
    private final MemoryResults store = new MemoryResults();
    private final FakeLake lake = new FakeLake();

    private QualityRunner runner(CatalogLookup catalog) {
        return new QualityRunner(
                new ListedRules(rules),
                catalog,
                lake,
                store,
                new QualityLineage("https://example.com/governance", "tributary"),
                Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC),
                UUID::randomUUID);
    }

    private QualityRule rule(String json) throws Exception {
        QualityRule.Draft draft =
                new QualityRuleValidator(QualityRuleValidatorTest.CATALOG).read(JSON.readTree(json.replace('\'', '"')));
        QualityRule rule = new QualityRule(
                UUID.randomUUID(),
                draft.table(),
                draft.name(),
                draft.check(),
                draft.severity(),
                draft.description(),
                1,
                "sam",
                Instant.EPOCH,
                "sam",
                Instant.EPOCH);
        rules.add(rule);
        return rule;
    }

    private static SnapshotCommitted snapshot(long id, Long parent) {
        return new SnapshotCommitted(ORDERS, id, parent, null, "append", 10, Instant.EPOCH, Map.of());
    }

    @Test
    void rowRulesReadTheNewRowsAndTableWideRulesTheTable() throws Exception {
        rule("{'table':'shop.orders','name':'ids','type':'not_null','columns':['order_id']}");
        rule("{'table':'shop.orders','name':'one id','type':'unique','columns':['order_id']}");
        rule("{'table':'shop.orders','name':'some','type':'row_count','params':{'min':1}}");
        lake.answer = sql -> List.of(List.of(5L, 0L));

        SnapshotVerdict verdict = runner(CATALOG).evaluate(snapshot(2, 1L));

        assertThat(lake.calls).hasSize(1);
        Map<String, String> sql = lake.calls.get(0).sqlById();
        assertThat(sql.get("r0.count")).contains("FROM {new_rows} AS t").doesNotContain("{table}");
        assertThat(sql.get("r1.count")).contains("FROM {table} AS t").contains("FROM {new_rows} AS n");
        assertThat(sql.get("r2.count")).contains("FROM {table} AS t").doesNotContain("{new_rows}");
        assertThat(verdict.results()).extracting(QualityResult::status).containsOnly(QualityResult.Status.PASS);
        assertThat(verdict.results()).extracting(QualityResult::checkedRows).containsOnly(5L);
        assertThat(verdict.blocked()).isFalse();
    }

    @Test
    void failingRowsComeWithTheirIngestKeys() throws Exception {
        rule("{'table':'shop.orders','name':'status','type':'accepted_values','columns':['status'],"
                + "'params':{'values':['new','paid']},'severity':'block'}");
        lake.answer =
                sql -> sql.startsWith("SELECT count(*)") ? List.of(List.of(4L, 2L)) : List.of(List.of(7L), List.of(9L));
        lake.columns = List.of("order_id");

        SnapshotVerdict verdict = runner(CATALOG).evaluate(snapshot(2, 1L));

        QualityResult result = verdict.results().get(0);
        assertThat(lake.calls.get(0).sqlById().get("r0.samples")).startsWith("SELECT \"order_id\" FROM {new_rows}");
        assertThat(result.status()).isEqualTo(QualityResult.Status.FAIL);
        assertThat(result.failingRows()).isEqualTo(2L);
        assertThat(result.samples()).containsExactly(Map.of("order_id", 7L), Map.of("order_id", 9L));
        assertThat(result.message()).contains("2 rows fail accepted_values of 4 checked");
        assertThat(verdict.blocked()).isTrue();
    }

    @Test
    void newRowsStartAfterTheLastEvaluatedSnapshotOfTheBranch() throws Exception {
        rule("{'table':'shop.orders','name':'ids','type':'not_null','columns':['order_id']}");
        lake.answer = sql -> List.of(List.of(1L, 0L));
        QualityRunner runner = runner(CATALOG);

        runner.committed(snapshot(2, 1L));
        // Snapshot 3 added no rows to look at; 4 follows it: its new rows are those after 2, the last evaluated.
        runner.committed(new SnapshotCommitted(ORDERS, 3, 2L, null, "delete", 0, Instant.EPOCH, Map.of()));
        runner.committed(snapshot(4, 3L));
        // A snapshot on another branch starts from its own parent.
        runner.committed(new SnapshotCommitted(ORDERS, 5, 4L, "audit", "append", 3, Instant.EPOCH, Map.of()));

        assertThat(lake.calls).extracting(Call::snapshotId).containsExactly(2L, 4L, 5L);
        assertThat(lake.calls).extracting(Call::after).containsExactly(1L, 2L, 4L);
    }

    @Test
    void aSnapshotHandedOverAgainIsNotEvaluatedTwice() throws Exception {
        rule("{'table':'shop.orders','name':'ids','type':'not_null','columns':['order_id']}");
        lake.answer = sql -> List.of(List.of(1L, 0L));
        QualityRunner runner = runner(CATALOG);

        runner.committed(snapshot(2, 1L));
        runner.committed(snapshot(2, 1L));

        assertThat(lake.calls).hasSize(1);
        assertThat(store.recorded).hasSize(1);
        assertThat(store.recorded.get(0).lineage().event().at("/job/name").asText())
                .isEqualTo("quality.shop.orders");
    }

    @Test
    void noRulesOrNoNewRowsMeansNoWork() throws Exception {
        SnapshotVerdict none = runner(CATALOG).evaluate(snapshot(2, 1L));
        rule("{'table':'shop.orders','name':'ids','type':'not_null','columns':['order_id']}");
        SnapshotVerdict deleted = runner(CATALOG)
                .evaluate(new SnapshotCommitted(ORDERS, 3, 2L, null, "delete", 0, Instant.EPOCH, Map.of()));

        assertThat(none.empty()).isTrue();
        assertThat(deleted.empty()).isTrue();
        assertThat(lake.calls).isEmpty();
    }

    @Test
    void aQueryErrorIsTheRulesErrorAndABlockingErrorBlocks() throws Exception {
        rule("{'table':'shop.orders','name':'ids','type':'not_null','columns':['order_id'],'severity':'block'}");
        rule("{'table':'shop.orders','name':'some','type':'row_count','params':{'min':1}}");
        lake.answer = sql -> sql.contains("{new_rows}") ? null : List.of(List.of(3L, 0L));

        SnapshotVerdict verdict = runner(CATALOG).evaluate(snapshot(2, 1L));

        assertThat(verdict.results())
                .extracting(QualityResult::status)
                .containsExactly(QualityResult.Status.ERROR, QualityResult.Status.PASS);
        assertThat(verdict.results().get(0).message()).isEqualTo("Binder Error: boom");
        assertThat(verdict.blocked()).isTrue();
    }

    @Test
    void aRefusedReadOrAGoneTableIsAnErrorOfEveryRule() throws Exception {
        rule("{'table':'shop.orders','name':'ids','type':'not_null','columns':['order_id']}");
        lake.refuse = new LakeReadsRefusedException(404, "query-service answered 404: no such snapshot");

        SnapshotVerdict refused = runner(CATALOG).evaluate(snapshot(2, 1L));
        SnapshotVerdict gone = runner(new MemoryCatalog()).evaluate(snapshot(2, 1L));

        assertThat(refused.results().get(0).status()).isEqualTo(QualityResult.Status.ERROR);
        assertThat(refused.results().get(0).message()).contains("no such snapshot");
        assertThat(gone.results().get(0).status()).isEqualTo(QualityResult.Status.ERROR);
        assertThat(gone.results().get(0).message()).contains("no longer in the catalog");
    }

    @Test
    void anUnreachableQueryServiceIsRetriedNotRecorded() throws Exception {
        rule("{'table':'shop.orders','name':'ids','type':'not_null','columns':['order_id']}");
        lake.unavailable = true;

        assertThatThrownBy(() -> runner(CATALOG).committed(snapshot(2, 1L)))
                .isInstanceOf(LakeReadsUnavailableException.class);
        assertThat(store.recorded).isEmpty();
    }

    @Test
    void schemaRulesAreDecidedWithoutTheEngine() throws Exception {
        rule("{'table':'shop.orders','name':'types','type':'schema','params':{'types':{'order_id':'string'}}}");

        SnapshotVerdict verdict = runner(CATALOG).evaluate(snapshot(2, 1L));

        assertThat(lake.calls).isEmpty();
        assertThat(verdict.results().get(0).status()).isEqualTo(QualityResult.Status.FAIL);
        assertThat(verdict.results().get(0).message()).contains("order_id: is bigint, expected string");
    }

    @Test
    void theLineageEventCarriesTheAssertionsAndTheFailingCounts() throws Exception {
        rule("{'table':'shop.orders','name':'ids','type':'not_null','columns':['order_id']}");
        lake.answer = sql -> sql.startsWith("SELECT count(*)") ? List.of(List.of(4L, 1L)) : List.of(List.of(7L));
        lake.columns = List.of("order_id");
        runner(CATALOG).committed(snapshot(2, 1L));

        var event = store.recorded.get(0).lineage().event();
        assertThat(event.path("eventType").asText()).isEqualTo("COMPLETE");
        assertThat(event.at("/job/namespace").asText()).isEqualTo("tributary");
        assertThat(event.at("/inputs/0/name").asText()).isEqualTo("shop.orders");
        var assertions = event.at("/inputs/0/inputFacets/dataQualityAssertions");
        assertThat(assertions.path("_schemaURL").asText()).contains("DataQualityAssertionsDatasetFacet");
        assertThat(assertions.at("/assertions/0/assertion").asText()).isEqualTo("not_null");
        assertThat(assertions.at("/assertions/0/success").asBoolean()).isFalse();
        assertThat(assertions.at("/assertions/0/column").asText()).isEqualTo("order_id");
        var facet = event.at("/run/facets/tributaryQuality");
        assertThat(facet.path("snapshotId").asLong()).isEqualTo(2L);
        assertThat(facet.path("failingRows").asLong()).isEqualTo(1L);
        assertThat(facet.path("failed").asLong()).isEqualTo(1L);
    }

    // --- fakes ------------------------------------------------------------------------------------------------

    record Call(long snapshotId, Long after, List<LakeReads.Query> queries) {
        Map<String, String> sqlById() {
            Map<String, String> sql = new HashMap<>();
            queries.forEach(q -> sql.put(q.id(), q.sql()));
            return sql;
        }
    }

    /** Answers each query by its SQL: rows, or an error when the function answers null. */
    private static SnapshotCommitted onBranch(long id, Long parent, String branch) {
        return new SnapshotCommitted(ORDERS, id, parent, branch, "append", 10, Instant.EPOCH, Map.of());
    }

    @Test
    void anAuditSnapshotThatPassesIsPublishedAndOneThatFailsStaysOnTheBranch() throws Exception {
        rule("{'table':'shop.orders','name':'status','type':'accepted_values','columns':['status'],"
                + "'params':{'values':['new','paid']},'severity':'block'}");
        Branches branches = new Branches(Optional.of("audit"));
        AuditPublication publication = new AuditPublication(runner(CATALOG), store, branches);

        lake.answer = sql -> sql.startsWith("SELECT count(*)") ? List.of(List.of(4L, 0L)) : List.of();
        publication.committed(onBranch(2, 1L, "audit"));
        lake.answer = sql -> sql.startsWith("SELECT count(*)") ? List.of(List.of(4L, 1L)) : List.of(List.of(7L));
        lake.columns = List.of("order_id");
        publication.committed(onBranch(3, 2L, "audit"));
        lake.answer = sql -> sql.startsWith("SELECT count(*)") ? List.of(List.of(4L, 0L)) : List.of();
        publication.committed(onBranch(4, 3L, "audit"));

        assertThat(branches.published).containsExactly(2L, 4L);
        assertThat(store.blocked(ORDERS, 3)).isTrue();
        // The third snapshot's new rows start after the second, not after what main holds.
        assertThat(lake.calls.get(2).after()).isEqualTo(3L);
    }

    @Test
    void aFixedRuleLetsTheSnapshotItHeldBackReachMain() throws Exception {
        QualityRule strict =
                rule("{'table':'shop.orders','name':'status','type':'accepted_values','columns':['status'],"
                        + "'params':{'values':['new','paid']},'severity':'block'}");
        Branches branches = new Branches(Optional.of("audit"));
        AuditPublication publication = new AuditPublication(runner(CATALOG), store, branches);
        lake.answer = sql -> sql.startsWith("SELECT count(*)") ? List.of(List.of(4L, 1L)) : List.of(List.of(7L));
        lake.columns = List.of("order_id");
        publication.committed(onBranch(3, 2L, "audit"));
        assertThat(branches.published).isEmpty();

        // Rechecking with the rule unchanged keeps it back; once the rule accepts the value, it is published.
        assertThat(publication.recheck(ORDERS)).isZero();
        rules.remove(strict);
        rule("{'table':'shop.orders','name':'status','type':'accepted_values','columns':['status'],"
                + "'params':{'values':['new','paid','lost']},'severity':'block'}");
        lake.answer = sql -> sql.startsWith("SELECT count(*)") ? List.of(List.of(4L, 0L)) : List.of();

        assertThat(publication.recheck(ORDERS)).isEqualTo(1);
        assertThat(branches.published).containsExactly(3L);
        assertThat(lake.calls.get(lake.calls.size() - 1).after())
                .as("the same new rows as the first check")
                .isEqualTo(2L);
        assertThat(store.quarantined(ORDERS, "audit")).isEmpty();
        assertThat(publication.recheck(ORDERS)).isZero();
    }

    @Test
    void onlyTheTablesOwnAuditBranchIsPublished() throws Exception {
        Branches branches = new Branches(Optional.of("audit"));
        AuditPublication publication = new AuditPublication(runner(CATALOG), store, branches);

        publication.committed(onBranch(2, 1L, "main"));
        publication.committed(onBranch(3, 1L, "experiment"));
        publication.committed(onBranch(4, 1L, "audit"));

        assertThat(branches.published).containsExactly(4L);
        Branches none = new Branches(Optional.empty());
        new AuditPublication(runner(CATALOG), store, none).committed(onBranch(5, 4L, "audit"));
        assertThat(none.published).isEmpty();
    }

    static final class Branches implements TableBranches {
        final Optional<String> audit;
        final List<Long> published = new ArrayList<>();

        Branches(Optional<String> audit) {
            this.audit = audit;
        }

        @Override
        public Optional<String> auditBranch(TableRef table) {
            return audit;
        }

        @Override
        public void useAuditBranch(TableRef table, String branch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Published publish(TableRef table, String branch, long snapshotId) {
            published.add(snapshotId);
            return new Published(snapshotId, snapshotId, "fast-forward");
        }
    }

    static final class FakeLake implements LakeReads {
        final List<Call> calls = new ArrayList<>();
        Function<String, List<List<Object>>> answer = sql -> List.of(List.of(0L, 0L));
        List<String> columns = List.of("checked_rows", "failing_rows");
        LakeReadsRefusedException refuse;
        boolean unavailable;

        @Override
        public Answer run(TableRef table, long snapshotId, Long newRowsAfter, List<Query> queries)
                throws LakeReadsUnavailableException {
            if (unavailable) {
                throw new LakeReadsUnavailableException("connection refused", null);
            }
            if (refuse != null) {
                throw refuse;
            }
            calls.add(new Call(snapshotId, newRowsAfter, List.copyOf(queries)));
            List<Result> results = new ArrayList<>();
            for (Query query : queries) {
                List<List<Object>> rows = answer.apply(query.sql());
                results.add(
                        rows == null
                                ? new Result(query.id(), null, null, false, "Binder Error: boom", 1)
                                : new Result(
                                        query.id(),
                                        query.id().endsWith(".count")
                                                ? List.of("checked_rows", "failing_rows")
                                                : columns,
                                        rows,
                                        false,
                                        null,
                                        1));
            }
            return new Answer(snapshotId, true, results);
        }
    }

    record Recorded(SnapshotVerdict verdict, QualityResultStore.LineageEvent lineage) {}

    static final class MemoryResults implements QualityResultStore {
        final List<Recorded> recorded = new ArrayList<>();

        @Override
        public boolean evaluated(TableRef table, long snapshotId) {
            return recorded.stream().anyMatch(r -> r.verdict().snapshot().snapshotId() == snapshotId);
        }

        @Override
        public List<Quarantined> quarantined(TableRef table, String branch) {
            Map<Long, SnapshotVerdict> newest = new java.util.LinkedHashMap<>();
            for (Recorded r : recorded) {
                if (r.verdict().snapshot().branch().equals(branch)) {
                    newest.put(r.verdict().snapshot().snapshotId(), r.verdict());
                }
            }
            return newest.values().stream()
                    .filter(SnapshotVerdict::blocked)
                    .map(v -> new Quarantined(v.snapshot(), v.newRowsAfter()))
                    .toList();
        }

        @Override
        public void recheck(SnapshotVerdict verdict, LineageEvent lineage) {
            recorded.add(new Recorded(verdict, lineage));
        }

        @Override
        public boolean blocked(TableRef table, long snapshotId) {
            for (int i = recorded.size() - 1; i >= 0; i--) {
                if (recorded.get(i).verdict().snapshot().snapshotId() == snapshotId) {
                    return recorded.get(i).verdict().blocked();
                }
            }
            return false;
        }

        @Override
        public Optional<Long> lastEvaluated(TableRef table, String branch, long except) {
            for (int i = recorded.size() - 1; i >= 0; i--) {
                SnapshotCommitted s = recorded.get(i).verdict().snapshot();
                if (s.branch().equals(branch) && s.snapshotId() != except) {
                    return Optional.of(s.snapshotId());
                }
            }
            return Optional.empty();
        }

        @Override
        public boolean record(SnapshotVerdict verdict, LineageEvent lineage) {
            recorded.add(new Recorded(verdict, lineage));
            return true;
        }
    }

    record ListedRules(List<QualityRule> rules) implements QualityRuleStore {
        @Override
        public List<QualityRule> list(Optional<TableRef> table) {
            return rules.stream()
                    .filter(r -> table.isEmpty() || r.table().equals(table.get()))
                    .toList();
        }

        @Override
        public QualityRule create(QualityRule.Draft draft, String actor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<QualityRule> find(UUID id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public QualityRule update(UUID id, QualityRule.Draft draft, String actor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(UUID id, Integer expectedVersion, String actor) {
            throw new UnsupportedOperationException();
        }
    }
}
