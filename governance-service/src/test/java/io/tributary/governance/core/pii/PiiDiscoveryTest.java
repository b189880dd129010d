package io.tributary.governance.core.pii;

import static io.tributary.governance.core.MemoryCatalog.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.governance.core.CatalogUnavailableException;
import io.tributary.governance.core.MemoryCatalog;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.lake.LakeReads;
import io.tributary.governance.core.lake.LakeReadsUnavailableException;
import io.tributary.governance.core.lake.SnapshotCommitted;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PiiDiscoveryTest {

    private static final TableRef SIGNUPS = TableRef.parse("shop.signups");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final MemoryClassifications store = new MemoryClassifications();
    private final FakeLake lake = new FakeLake();
    private final FakeTags tags = new FakeTags();
    private MemoryCatalog catalog = new MemoryCatalog()
            .table(
                    "shop.signups",
                    column("id", "long"),
                    column("contact", "string"),
                    column("card_number", "string"),
                    column("note", "string"),
                    column("amount", "decimal(10, 2)"),
                    column("mail", "string", "pii.email"),
                    column("secret", "string", "pii"));

    PiiDiscoveryTest() {
        lake.values.put(
                "contact",
                IntStream.range(0, 50)
                        .mapToObj(i -> "user" + i + "@example.com")
                        .toList());
        lake.values.put("card_number", cards(40));
        lake.values.put(
                "note",
                IntStream.range(0, 50)
                        .mapToObj(i -> "delivered on time, box " + i)
                        .toList());
        lake.values.put("mail", List.of("never@asked.example"));
        lake.values.put("secret", List.of("never asked"));
    }

    private PiiDiscovery discovery(PiiDiscovery.Settings settings) {
        ClassificationService decisions = new ClassificationService(store, tags, catalog, clock);
        return new PiiDiscovery(catalog, lake, store, decisions, PiiDetectors.standard(), settings, clock);
    }

    private PiiDiscovery discovery() {
        return discovery(PiiDiscovery.Settings.defaults());
    }

    private static SnapshotCommitted snapshot(long id, String branch, long added) {
        return new SnapshotCommitted(
                SIGNUPS, id, id - 1, branch, "append", added, Instant.parse("2026-12-06T10:00:00Z"), Map.of());
    }

    /** A main-branch append whose summary says how many rows the table holds after it. */
    private static SnapshotCommitted snapshotOfTable(long id, long added, long totalRecords) {
        return new SnapshotCommitted(
                SIGNUPS,
                id,
                id - 1,
                "main",
                "append",
                added,
                Instant.parse("2026-12-06T10:00:00Z"),
                Map.of("added-records", String.valueOf(added), "total-records", String.valueOf(totalRecords)));
    }

    @Test
    void proposesEmailAndCardFromTheNewRows() throws Exception {
        discovery().committed(snapshot(7, "main", 50));

        assertThat(store.all())
                .extracting(c -> c.column() + "=" + c.tag() + ":" + c.status().wireName())
                .containsExactlyInAnyOrder("contact=pii.email:proposed", "card_number=pii.card:proposed");
        Classification email = byTag("pii.email");
        assertThat(email.share()).isEqualTo(1.0);
        assertThat(email.sampleSize()).isEqualTo(50);
        assertThat(email.evidence().detector()).isEqualTo("email");
        assertThat(email.evidence().basis()).isEqualTo("values");
        assertThat(email.evidence().examples()).hasSizeBetween(1, 5).allMatch(e -> e.contains("***"));
        assertThat(email.evidence().examples()).noneMatch(e -> e.matches("user\\d+@example\\.com"));
        assertThat(email.evidence().columnNameHint()).isFalse();
        assertThat(byTag("pii.card").evidence().columnNameHint()).isTrue();
        assertThat(tags.added).isEmpty();

        // One call: the table's first scan samples its rows at that snapshot, with quoted identifiers and the sample
        // size as the limit.
        assertThat(lake.calls).hasSize(1);
        FakeLake.Call call = lake.calls.get(0);
        assertThat(call.snapshotId()).isEqualTo(7);
        assertThat(call.newRowsAfter()).isNull();
        assertThat(call.queries())
                .extracting(LakeReads.Query::sql)
                .allMatch(sql -> sql.contains("FROM {table}") && sql.endsWith("LIMIT 1000"))
                .anyMatch(sql -> sql.contains("\"card_number\""));
    }

    @Test
    void aScanAfterACountedOneSamplesTheRowsAddedSinceIt() throws Exception {
        PiiDiscovery discovery = discovery();
        discovery.committed(snapshot(7, "main", 50));
        clock.advance(Duration.ofMinutes(6));

        discovery.committed(snapshot(30, "main", 2));

        assertThat(lake.calls).hasSize(2);
        FakeLake.Call call = lake.calls.get(1);
        assertThat(call.snapshotId()).isEqualTo(30);
        assertThat(call.newRowsAfter())
                .as("the snapshot of the last counted scan")
                .isEqualTo(7L);
        assertThat(call.queries()).extracting(LakeReads.Query::sql).allMatch(sql -> sql.contains("FROM {new_rows}"));
    }

    @Test
    void scansOnlyUntaggedStringColumns() throws Exception {
        discovery().committed(snapshot(7, "main", 50));

        assertThat(lake.calls.get(0).columns()).containsExactlyInAnyOrder("contact", "card_number", "note");
    }

    @Test
    void aSnapshotOnABranchIsScannedToo() throws Exception {
        discovery().committed(snapshot(7, "audit-7", 50));

        assertThat(store.all()).hasSize(2);
    }

    @Test
    void aSnapshotWithoutNewRowsIsNotScanned() throws Exception {
        discovery().committed(snapshot(7, "main", 0));
        discovery().committed(new SnapshotCommitted(SIGNUPS, 8, 7L, "main", "delete", 5, clock.instant(), Map.of()));

        assertThat(lake.calls).isEmpty();
        assertThat(store.lastScan(SIGNUPS)).isEmpty();
    }

    @Test
    void aTableIsScannedAtMostOncePerInterval() throws Exception {
        PiiDiscovery discovery = discovery();
        discovery.committed(snapshot(7, "main", 50));
        clock.advance(Duration.ofMinutes(4));
        PiiDiscovery.Report report = discovery.scan(snapshot(8, "main", 50));
        assertThat(report.skipped()).singleElement().asString().contains("within the scan interval");
        assertThat(lake.calls).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        discovery.committed(snapshot(9, "main", 50));
        assertThat(lake.calls).hasSize(2);
        // The rows since the last scan: snapshot 8's too.
        assertThat(lake.calls.get(1).snapshotId()).isEqualTo(9);
        assertThat(lake.calls.get(1).newRowsAfter()).isEqualTo(7);
    }

    @Test
    void aScanOfTooFewValuesDoesNotCountTowardsTheInterval() throws Exception {
        PiiDiscovery discovery = discovery();
        Map<String, List<String>> full = new HashMap<>(lake.values);
        lake.values.replaceAll((column, values) -> values.subList(0, Math.min(3, values.size())));

        PiiDiscovery.Report report = discovery.scan(snapshot(7, "main", 3));
        assertThat(report.skipped()).anyMatch(s -> s.contains("not counted"));
        assertThat(store.all()).isEmpty();
        assertThat(store.lastScan(SIGNUPS)).isEmpty();

        lake.values.putAll(full);
        clock.advance(Duration.ofSeconds(1));
        discovery.committed(snapshot(8, "main", 50));
        assertThat(store.all()).hasSize(2);
        assertThat(lake.calls.get(1).newRowsAfter()).isNull();
        assertThat(lake.calls.get(1).queries())
                .extracting(LakeReads.Query::sql)
                .as("no scan counted yet: every row of the table, not only what snapshot 8 added")
                .allMatch(sql -> sql.contains("FROM {table}"));
        assertThat(store.lastScan(SIGNUPS))
                .map(ClassificationStore.LastScan::snapshotId)
                .contains(8L);
    }

    @Test
    void afterAScanOfTooFewValuesTheTableIsSampledAgainOnlyOnceEnoughRowsWereAdded() throws Exception {
        PiiDiscovery discovery = discovery();
        Map<String, List<String>> full = new HashMap<>(lake.values);
        lake.values.replaceAll((column, values) -> values.subList(0, Math.min(1, values.size())));
        discovery.committed(snapshot(7, "main", 1));
        assertThat(lake.calls).hasSize(1);

        // A row at a time: no query until the rows since that scan reach the minimum sample.
        for (long id = 8; id < 8 + PiiScan.DEFAULT_MIN_SAMPLES - 1; id++) {
            PiiDiscovery.Report report = discovery.scan(snapshot(id, "main", 1));
            assertThat(report.skipped()).singleElement().asString().contains("scan that saw too few values");
        }
        assertThat(lake.calls).hasSize(1);

        lake.values.putAll(full);
        long next = 8 + PiiScan.DEFAULT_MIN_SAMPLES - 1;
        discovery.committed(snapshot(next, "main", 1));
        assertThat(lake.calls).hasSize(2);
        assertThat(lake.calls.get(1).newRowsAfter()).isNull();
        assertThat(lake.calls.get(1).queries())
                .extracting(LakeReads.Query::sql)
                .as("the rows since the last counted scan, here all of them: the table's")
                .allMatch(sql -> sql.contains("FROM {table}"));
        assertThat(store.all()).isNotEmpty();
        assertThat(store.lastScan(SIGNUPS))
                .map(ClassificationStore.LastScan::snapshotId)
                .contains(next);
    }

    @Test
    void aTableWithFewerRowsThanTheMinimumSampleIsNotQueriedUntilItHasEnough() throws Exception {
        PiiDiscovery discovery = discovery();
        assertThat(discovery.scan(snapshotOfTable(1, 1, 1)).skipped())
                .singleElement()
                .asString()
                .contains("fewer than " + PiiScan.DEFAULT_MIN_SAMPLES + " rows (1)");
        for (long total = 2; total < PiiScan.DEFAULT_MIN_SAMPLES; total++) {
            PiiDiscovery.Report report = discovery.scan(snapshotOfTable(total, 1, total));
            assertThat(report.skipped())
                    .singleElement()
                    .asString()
                    .contains("waiting for " + PiiScan.DEFAULT_MIN_SAMPLES);
        }
        assertThat(lake.calls).isEmpty();
        assertThat(store.lastScan(SIGNUPS)).isEmpty();

        long total = PiiScan.DEFAULT_MIN_SAMPLES;
        discovery.committed(snapshotOfTable(total, 1, total));

        assertThat(lake.calls).hasSize(1);
        assertThat(lake.calls.get(0).newRowsAfter()).isNull();
        assertThat(byTag("pii.email").column()).isEqualTo("contact");
    }

    @Test
    void aColumnAndTagIsProposedOnceAndANewerScanRefreshesItsEvidence() throws Exception {
        PiiDiscovery discovery = discovery();
        discovery.committed(snapshot(7, "main", 50));
        Classification first = byTag("pii.email");

        List<String> mostlyEmails = new ArrayList<>(lake.values.get("contact").subList(0, 18));
        mostlyEmails.addAll(List.of("n/a", "unknown"));
        lake.values.put("contact", mostlyEmails);
        clock.advance(Duration.ofMinutes(6));
        PiiDiscovery.Report report = discovery.scan(snapshot(8, "main", 20));

        assertThat(store.all()).hasSize(2);
        Classification again = byTag("pii.email");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.share()).isEqualTo(0.9);
        assertThat(again.sampleSize()).isEqualTo(20);
        assertThat(again.proposedAt()).isEqualTo(clock.instant());
        assertThat(report.proposals())
                .extracting(ClassificationStore.Proposed::outcome)
                .contains(ClassificationStore.Outcome.UPDATED);
    }

    @Test
    void aRejectedProposalIsNotProposedAgain() throws Exception {
        PiiDiscovery discovery = discovery();
        discovery.committed(snapshot(7, "main", 50));
        Classification email = byTag("pii.email");
        new ClassificationService(store, tags, catalog, clock).reject(email.id(), "sam", "test addresses");

        clock.advance(Duration.ofMinutes(10));
        discovery.committed(snapshot(8, "main", 50));

        Classification after = byTag("pii.email");
        assertThat(after.status()).isEqualTo(Classification.Status.REJECTED);
        assertThat(after.decidedBy()).isEqualTo("sam");
        assertThat(after.proposedAt()).isEqualTo(email.proposedAt());
        assertThat(store.all()).hasSize(2);
    }

    @Test
    void aShareBelowMinShareProposesNothing() throws Exception {
        List<String> halfEmails = new ArrayList<>(lake.values.get("contact").subList(0, 10));
        IntStream.range(0, 10).forEach(i -> halfEmails.add("call me " + i));
        lake.values.put("contact", halfEmails);

        discovery().committed(snapshot(7, "main", 20));

        assertThat(store.all()).extracting(Classification::tag).containsExactly("pii.card");
    }

    @Test
    void autoApplyAcceptsProposalsAtOrAboveItsShareAndTagsTheColumn() throws Exception {
        List<String> someCards = new ArrayList<>(cards(18));
        someCards.addAll(List.of("pending", "pending"));
        lake.values.put("card_number", someCards);
        PiiDiscovery discovery =
                discovery(new PiiDiscovery.Settings(Duration.ofMinutes(5), 1000, 0.8, OptionalDouble.of(0.95)));

        discovery.committed(snapshot(7, "main", 50));

        Classification email = byTag("pii.email");
        assertThat(email.status()).isEqualTo(Classification.Status.ACCEPTED);
        assertThat(email.decidedBy()).isEqualTo(Classification.AUTO);
        assertThat(email.applied()).isTrue();
        assertThat(tags.added).containsExactly("shop.signups.contact=pii.email");
        // 0.9 is below 0.95: a steward decides.
        assertThat(byTag("pii.card").status()).isEqualTo(Classification.Status.PROPOSED);
    }

    @Test
    void autoApplyLeavesTheProposalWhileTheCatalogIsDown() throws Exception {
        tags.unavailable = true;
        discovery(new PiiDiscovery.Settings(Duration.ofMinutes(5), 1000, 0.8, OptionalDouble.of(0.9)))
                .committed(snapshot(7, "main", 50));

        assertThat(store.all()).allMatch(c -> c.status() == Classification.Status.PROPOSED);
    }

    @Test
    void aFailingColumnIsSkippedAndTheOthersAreScanned() throws Exception {
        lake.failing.add("note");

        PiiDiscovery.Report report = discovery().scan(snapshot(7, "main", 50));

        assertThat(report.skipped()).singleElement().asString().startsWith("note: ");
        assertThat(store.all()).hasSize(2);
        assertThat(store.lastScan(SIGNUPS))
                .map(ClassificationStore.LastScan::at)
                .contains(clock.instant());
    }

    @Test
    void aTableWhoseSampleIsRefusedIsNotAskedAgainWithinTheInterval() throws Exception {
        PiiDiscovery discovery = discovery();
        lake.refusing = true;
        assertThat(discovery.scan(snapshot(7, "main", 50)).skipped())
                .singleElement()
                .asString()
                .contains("query-service refused the sample");
        assertThat(lake.calls).hasSize(1);

        // A table committed every second: no query per commit while the refusal stands.
        for (long id = 8; id < 20; id++) {
            clock.advance(Duration.ofSeconds(20));
            assertThat(discovery.scan(snapshot(id, "main", 50)).skipped())
                    .singleElement()
                    .asString()
                    .contains("asked again from 2026-12-06T10:05:00Z");
        }
        assertThat(lake.calls).hasSize(1);

        lake.refusing = false;
        clock.advance(Duration.ofSeconds(60));
        discovery.committed(snapshot(20, "main", 50));
        assertThat(lake.calls).hasSize(2);
        assertThat(store.lastScan(SIGNUPS))
                .map(ClassificationStore.LastScan::snapshotId)
                .contains(20L);
    }

    @Test
    void aTableWhoseEveryColumnFailsIsNotAskedAgainWithinTheInterval() throws Exception {
        PiiDiscovery discovery = discovery();
        lake.failing.addAll(List.of("contact", "card_number", "note"));
        assertThat(discovery.scan(snapshot(7, "main", 50)).skipped()).anyMatch(s -> s.startsWith("note: "));
        clock.advance(Duration.ofMinutes(1));
        assertThat(discovery.scan(snapshot(8, "main", 50)).skipped())
                .singleElement()
                .asString()
                .contains("could not sample the table");
        assertThat(lake.calls).hasSize(1);

        lake.failing.clear();
        clock.advance(Duration.ofMinutes(4));
        discovery.committed(snapshot(9, "main", 50));
        assertThat(lake.calls).hasSize(2);
        assertThat(store.all()).hasSize(2);
    }

    @Test
    void anUnreachableQueryServiceBringsTheSnapshotBackLater() {
        lake.unavailable = true;

        assertThatThrownBy(() -> discovery().committed(snapshot(7, "main", 50)))
                .isInstanceOf(LakeReadsUnavailableException.class);
        assertThat(store.lastScan(SIGNUPS)).isEmpty();
    }

    @Test
    void aTableTheCatalogNoLongerHasIsSkipped() throws Exception {
        catalog = new MemoryCatalog();

        PiiDiscovery.Report report = discovery().scan(snapshot(7, "main", 50));

        assertThat(report.skipped()).singleElement().asString().contains("no such table");
        assertThat(lake.calls).isEmpty();
    }

    @Test
    void acceptTagsTheColumnOnceAndConflictsWithAnEarlierRejection() throws Exception {
        discovery().committed(snapshot(7, "main", 50));
        ClassificationService decisions = new ClassificationService(store, tags, catalog, clock);
        Classification email = byTag("pii.email");
        Classification card = byTag("pii.card");

        Classification accepted = decisions.accept(email.id(), "sam", null);
        assertThat(accepted.status()).isEqualTo(Classification.Status.ACCEPTED);
        assertThat(decisions.accept(email.id(), "ada", null).decidedBy()).isEqualTo("sam");
        assertThat(tags.added).containsExactly("shop.signups.contact=pii.email");
        assertThatThrownBy(() -> decisions.reject(email.id(), "ada", null))
                .isInstanceOf(ClassificationConflictException.class)
                .hasMessageContaining(email.id().toString());

        tags.unavailable = true;
        assertThatThrownBy(() -> decisions.accept(card.id(), "sam", null))
                .isInstanceOf(CatalogUnavailableException.class);
        assertThat(byTag("pii.card").status()).isEqualTo(Classification.Status.PROPOSED);
    }

    @Test
    void sampleSqlReadsTheRelationItIsGiven() {
        assertThat(PiiDiscovery.sampleSql("contact", 5, "{table}"))
                .isEqualTo(
                        "SELECT CAST(\"contact\" AS VARCHAR) AS v FROM {table} WHERE \"contact\" IS NOT NULL LIMIT 5");
    }

    @Test
    void sampleSqlQuotesTheColumn() {
        assertThat(PiiDiscovery.sampleSql("we\"ird col", 10))
                .isEqualTo("SELECT CAST(\"we\"\"ird col\" AS VARCHAR) AS v FROM {new_rows}"
                        + " WHERE \"we\"\"ird col\" IS NOT NULL LIMIT 10");
    }

    private Classification byTag(String tag) {
        return store.all().stream().filter(c -> c.tag().equals(tag)).findFirst().orElseThrow();
    }

    /** Visa numbers that pass Luhn. */
    static List<String> cards(int count) {
        Random random = new Random(42);
        List<String> cards = new ArrayList<>();
        while (cards.size() < count) {
            StringBuilder body = new StringBuilder("4");
            for (int i = 0; i < 14; i++) {
                body.append(random.nextInt(10));
            }
            for (int d = 0; d <= 9; d++) {
                if (PaymentCardDetector.luhn(body.toString() + d)) {
                    cards.add(body.toString() + d);
                    break;
                }
            }
        }
        return cards;
    }

    /** Answers each column's sample query from a list of values, as query-service would from {new_rows}. */
    static final class FakeLake implements LakeReads {
        private static final Pattern COLUMN = Pattern.compile("CAST\\(\"((?:[^\"]|\"\")*)\" AS VARCHAR\\)");

        record Call(long snapshotId, Long newRowsAfter, List<Query> queries) {
            List<String> columns() {
                return queries.stream().map(q -> column(q.sql())).toList();
            }
        }

        final Map<String, List<String>> values = new HashMap<>();
        final Set<String> failing = new HashSet<>();
        final List<Call> calls = new ArrayList<>();
        boolean unavailable;
        boolean refusing;

        @Override
        public Answer run(TableRef table, long snapshotId, Long newRowsAfter, List<Query> queries)
                throws LakeReadsUnavailableException {
            if (unavailable) {
                throw new LakeReadsUnavailableException("query-service is down", null);
            }
            calls.add(new Call(snapshotId, newRowsAfter, queries));
            if (refusing) {
                throw new IllegalStateException("Table shop.signups has no snapshot " + snapshotId + ".");
            }
            List<Result> results = new ArrayList<>();
            for (Query query : queries) {
                String column = column(query.sql());
                if (failing.contains(column)) {
                    results.add(new Result(query.id(), null, null, false, "Binder Error: no " + column, 1));
                    continue;
                }
                List<List<Object>> rows = values.getOrDefault(column, List.of()).stream()
                        .map(v -> List.<Object>of(v))
                        .toList();
                results.add(new Result(query.id(), List.of("v"), rows, false, null, 1));
            }
            return new Answer(snapshotId, true, results);
        }

        static String column(String sql) {
            Matcher m = COLUMN.matcher(sql);
            if (!m.find()) {
                throw new IllegalArgumentException(sql);
            }
            return m.group(1).replace("\"\"", "\"");
        }
    }

    static final class FakeTags implements CatalogTags {
        final List<String> added = new ArrayList<>();
        boolean unavailable;

        @Override
        public Result addTag(TableRef table, String column, String tag) {
            if (unavailable) {
                throw new CatalogUnavailableException("the catalog is down", null);
            }
            String entry = table + "." + column + "=" + tag;
            if (added.contains(entry)) {
                return Result.ALREADY_THERE;
            }
            added.add(entry);
            return Result.ADDED;
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
