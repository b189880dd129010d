package io.tributary.governance.core.quality;

import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.TableInfo;
import io.tributary.governance.core.expr.SqlDialect;
import io.tributary.governance.core.lake.LakeReads;
import io.tributary.governance.core.lake.LakeReadsRefusedException;
import io.tributary.governance.core.lake.LakeReadsUnavailableException;
import io.tributary.governance.core.lake.SnapshotCommitted;
import io.tributary.governance.core.lake.SnapshotListener;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a table's quality rules on each snapshot that added rows, through query-service's checks ({@link LakeReads}):
 * row rules on the rows added since the last evaluated snapshot of the same branch ({@code {new_rows}}), table-wide
 * rules on the whole snapshot ({@code {table}}), {@code schema} rules on the catalog's columns. The results and their
 * lineage event are stored once per snapshot, so a snapshot handed over again is not evaluated twice.
 */
public final class QualityRunner implements SnapshotListener {

    static final String TABLE = "{table}";
    static final String NEW_ROWS = "{new_rows}";
    /** The most queries query-service takes in one call. */
    static final int MAX_QUERIES = 50;

    private final QualityRuleStore rules;
    private final CatalogLookup catalog;
    private final LakeReads lake;
    private final QualityResultStore results;
    private final QualityLineage lineage;
    private final Clock clock;
    private final Supplier<UUID> ids;

    public QualityRunner(
            QualityRuleStore rules,
            CatalogLookup catalog,
            LakeReads lake,
            QualityResultStore results,
            QualityLineage lineage,
            Clock clock,
            Supplier<UUID> ids) {
        this.rules = rules;
        this.catalog = catalog;
        this.lake = lake;
        this.results = results;
        this.lineage = lineage;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public String name() {
        return "quality";
    }

    @Override
    public void committed(SnapshotCommitted snapshot) throws LakeReadsUnavailableException {
        if (!snapshot.addedRows() || results.evaluated(snapshot.table(), snapshot.snapshotId())) {
            return;
        }
        String source = snapshot.summary().get("source-snapshot-id");
        if (source != null
                && source.matches("-?\\d{1,19}")
                && results.evaluated(snapshot.table(), Long.parseLong(source))) {
            // Write-audit-publish cherry-picked a snapshot checked on the audit branch: its rows are checked already.
            return;
        }
        SnapshotVerdict verdict = evaluate(snapshot);
        if (!verdict.empty()) {
            results.record(verdict, lineage.event(verdict, ids.get()));
        }
    }

    /**
     * Every rule of the snapshot's table on it, without storing anything. Empty when the snapshot added no rows or the
     * table has no rules.
     *
     * @throws LakeReadsUnavailableException when query-service cannot answer now (the catalog's outage is a
     *     {@link io.tributary.governance.core.CatalogUnavailableException}); try again later
     */
    public SnapshotVerdict evaluate(SnapshotCommitted snapshot) throws LakeReadsUnavailableException {
        Long after = results.lastEvaluated(snapshot.table(), snapshot.branch(), snapshot.snapshotId())
                .orElse(snapshot.parentId());
        return evaluate(snapshot, after);
    }

    /**
     * Checks a snapshot that a blocking rule kept off main again, on the same new rows as the first time, with the
     * rules as they are now (a steward may have fixed one), and stores the new results.
     *
     * @return the new verdict; empty when the table has no rules left
     */
    public SnapshotVerdict recheck(QualityResultStore.Quarantined run) throws LakeReadsUnavailableException {
        SnapshotVerdict verdict = evaluate(run.snapshot(), run.newRowsAfter());
        results.recheck(verdict, verdict.empty() ? null : lineage.event(verdict, ids.get()));
        return verdict;
    }

    private SnapshotVerdict evaluate(SnapshotCommitted snapshot, Long after) throws LakeReadsUnavailableException {
        List<QualityRule> tableRules = rules.list(Optional.of(snapshot.table()));
        if (!snapshot.addedRows() || tableRules.isEmpty()) {
            return new SnapshotVerdict(snapshot, after, true, List.of());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<TableInfo> table = catalog.table(snapshot.table());
        if (table.isEmpty()) {
            return errors(snapshot, after, tableRules, now, "The table is no longer in the catalog.");
        }
        List<String> keys = table.get().key().stream()
                .filter(k -> table.get().column(k).isPresent())
                .toList();
        List<Planned> planned = new ArrayList<>();
        List<LakeReads.Query> queries = new ArrayList<>();
        for (int i = 0; i < tableRules.size(); i++) {
            QualityRule rule = tableRules.get(i);
            QualitySql.Compiled compiled;
            try {
                compiled = QualitySql.compile(rule, table.get(), target(rule, keys));
            } catch (RuntimeException e) {
                planned.add(new Planned(rule, null, null, "The rule cannot be compiled: " + e.getMessage()));
                continue;
            }
            if (compiled instanceof QualitySql.Decided decided) {
                planned.add(new Planned(rule, decided, null, null));
            } else {
                QualitySql.Queries q = (QualitySql.Queries) compiled;
                String id = "r" + i;
                queries.add(new LakeReads.Query(id + ".count", q.count()));
                if (q.samples() != null) {
                    queries.add(new LakeReads.Query(id + ".samples", q.samples()));
                }
                planned.add(new Planned(rule, null, id, null));
            }
        }
        Map<String, LakeReads.Result> answers = new LinkedHashMap<>();
        boolean exact = true;
        String refused = null;
        // One call in the usual case; a table with more rules than one call takes is read in a few.
        for (int from = 0; from < queries.size() && refused == null; from += MAX_QUERIES) {
            List<LakeReads.Query> batch = queries.subList(from, Math.min(queries.size(), from + MAX_QUERIES));
            try {
                LakeReads.Answer answer = lake.run(snapshot.table(), snapshot.snapshotId(), after, batch);
                exact &= answer.newRowsExact();
                answer.results().forEach(r -> answers.put(r.id(), r));
            } catch (LakeReadsRefusedException e) {
                refused = e.getMessage();
            }
        }
        List<QualityResult> out = new ArrayList<>();
        for (Planned plan : planned) {
            out.add(result(snapshot, plan, answers, refused, exact, now));
        }
        return new SnapshotVerdict(snapshot, after, exact, out);
    }

    private record Planned(QualityRule rule, QualitySql.Decided decided, String queryId, String error) {}

    /** Row rules read the new rows; {@code unique} looks for their keys in the whole table; the others read it all. */
    private static QualitySql.Target target(QualityRule rule, List<String> keys) {
        String newRows = rule.type() == RuleType.ROW_COUNT ? null : NEW_ROWS;
        return new QualitySql.Target(TABLE, newRows, keys, SqlDialect.DUCKDB);
    }

    private QualityResult result(
            SnapshotCommitted snapshot,
            Planned plan,
            Map<String, LakeReads.Result> answers,
            String refused,
            boolean exact,
            Instant now) {
        QualityRule rule = plan.rule();
        if (plan.error() != null) {
            return result(snapshot, rule, QualityResult.Status.ERROR, null, null, List.of(), 0, now, plan.error());
        }
        if (plan.decided() != null) {
            List<String> failures = plan.decided().failures();
            return result(
                    snapshot,
                    rule,
                    failures.isEmpty() ? QualityResult.Status.PASS : QualityResult.Status.FAIL,
                    null,
                    (long) failures.size(),
                    List.of(),
                    0,
                    now,
                    failures.isEmpty() ? null : String.join("; ", failures));
        }
        LakeReads.Result count = answers.get(plan.queryId() + ".count");
        if (count == null) {
            String why = refused != null ? refused : "query-service gave no answer to the rule's query";
            return result(snapshot, rule, QualityResult.Status.ERROR, null, null, List.of(), 0, now, why);
        }
        LakeReads.Result samples = answers.get(plan.queryId() + ".samples");
        long duration = count.durationMillis() + (samples == null ? 0 : samples.durationMillis());
        if (count.failed() || count.rows().isEmpty() || count.rows().get(0).size() < 2) {
            String why = count.failed() ? count.error() : "the rule's count query answered no row";
            return result(snapshot, rule, QualityResult.Status.ERROR, null, null, List.of(), duration, now, why);
        }
        List<Object> row = count.rows().get(0);
        Long checked = number(row.get(0));
        Long failing = number(row.get(1));
        if (failing == null) {
            failing = 0L;
        }
        if (failing == 0) {
            return result(snapshot, rule, QualityResult.Status.PASS, checked, 0L, List.of(), duration, now, null);
        }
        List<Map<String, Object>> keys = new ArrayList<>();
        if (samples != null && !samples.failed()) {
            for (List<Object> values : samples.rows()) {
                if (keys.size() == QualitySql.SAMPLE_LIMIT) {
                    break;
                }
                Map<String, Object> key = new LinkedHashMap<>();
                for (int c = 0; c < samples.columns().size() && c < values.size(); c++) {
                    key.put(samples.columns().get(c), values.get(c));
                }
                keys.add(key);
            }
        }
        String message = failing + (failing == 1 ? " row fails" : " rows fail") + " "
                + rule.type().wireName()
                + (checked == null ? "" : " of " + checked + " checked")
                + (exact ? "" : " (the new rows could not be told apart: the whole table was checked)");
        if (samples != null && samples.failed()) {
            message += "; no samples: " + samples.error();
        }
        return result(snapshot, rule, QualityResult.Status.FAIL, checked, failing, keys, duration, now, message);
    }

    private SnapshotVerdict errors(
            SnapshotCommitted snapshot, Long after, List<QualityRule> tableRules, Instant now, String message) {
        List<QualityResult> out = new ArrayList<>();
        for (QualityRule rule : tableRules) {
            out.add(result(snapshot, rule, QualityResult.Status.ERROR, null, null, List.of(), 0, now, message));
        }
        return new SnapshotVerdict(snapshot, after, true, out);
    }

    private static QualityResult result(
            SnapshotCommitted snapshot,
            QualityRule rule,
            QualityResult.Status status,
            Long checked,
            Long failing,
            List<Map<String, Object>> samples,
            long duration,
            Instant now,
            String message) {
        return new QualityResult(
                rule.id(),
                rule.version(),
                rule.name(),
                rule.type(),
                rule.check().columns(),
                snapshot.table(),
                snapshot.branch(),
                snapshot.snapshotId(),
                status,
                rule.severity(),
                checked,
                failing,
                samples,
                duration,
                now,
                message);
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return new java.math.BigDecimal(s).longValue();
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
