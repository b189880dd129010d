package io.tributary.governance.core.pii;

import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.CatalogUnavailableException;
import io.tributary.governance.core.ColumnInfo;
import io.tributary.governance.core.TableInfo;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.expr.SqlType;
import io.tributary.governance.core.lake.LakeReads;
import io.tributary.governance.core.lake.LakeReadsUnavailableException;
import io.tributary.governance.core.lake.SnapshotCommitted;
import io.tributary.governance.core.lake.SnapshotListener;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks for personal data in the rows each snapshot adds: samples the string columns not yet tagged {@code pii} or
 * {@code pii.*} through query-service, runs the detectors, and stores a proposal per column and tag that passed
 * {@code min-share}. A table is scanned at most once per {@code scan-interval}; a scan reads the rows added since the
 * last one (the table's rows before its first), and one that saw too few values to judge does not count. After such a scan, the table is sampled again
 * once its snapshots have added at least {@link PiiScan#DEFAULT_MIN_SAMPLES} rows more, not on every snapshot: a
 * table that receives a row at a time would otherwise cost a query per commit. A column whose query fails is skipped;
 * a table whose sample query-service refuses, or whose every column fails, is not sampled again within the scan
 * interval. Only an unreachable query-service or database makes the snapshot come back later.
 */
public final class PiiDiscovery implements SnapshotListener {

    private static final System.Logger LOG = System.getLogger(PiiDiscovery.class.getName());
    static final int MAX_EXAMPLES = 5;
    static final String TABLE_ROWS = "{table}";
    static final String NEW_ROWS = "{new_rows}";

    /**
     * @param autoApplyShare proposals with at least this share are accepted at once by the service; empty = never
     */
    public record Settings(Duration scanInterval, int sampleSize, double minShare, OptionalDouble autoApplyShare) {
        public Settings {
            Objects.requireNonNull(scanInterval, "scanInterval");
            if (sampleSize < 1) {
                throw new IllegalArgumentException("sample-size must be at least 1, was " + sampleSize);
            }
            if (!(minShare > 0 && minShare <= 1)) {
                throw new IllegalArgumentException("min-share must be in (0, 1], was " + minShare);
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), 1000, PiiScan.DEFAULT_THRESHOLD, OptionalDouble.empty());
        }
    }

    /** What one snapshot's scan did; {@code skipped} says why nothing was scanned, or which columns failed. */
    public record Report(List<ClassificationStore.Proposed> proposals, List<String> skipped) {
        public Report {
            proposals = List.copyOf(proposals);
            skipped = List.copyOf(skipped);
        }

        static Report skipped(String why) {
            return new Report(List.of(), List.of(why));
        }
    }

    private final CatalogLookup catalog;
    private final LakeReads lake;
    private final ClassificationStore store;
    private final ClassificationService decisions;
    private final List<PiiDetector> detectors;
    private final PiiScan scan;
    private final Settings settings;
    private final Clock clock;
    /** Rows added since a scan that saw too few values to judge, per table; none for a table not in that state. */
    private final Map<TableRef, Long> rowsSinceTooFew = new ConcurrentHashMap<>();
    /**
     * When query-service last refused a table's sample, or failed every column of it, per table: such a table is not
     * asked again within the scan interval. Each sample plans the rows since the last counted scan, which on a table
     * committed every second walks thousands of snapshots; asking again on every commit only repeated that work.
     */
    private final Map<TableRef, Instant> refusedAt = new ConcurrentHashMap<>();

    public PiiDiscovery(
            CatalogLookup catalog,
            LakeReads lake,
            ClassificationStore store,
            ClassificationService decisions,
            List<PiiDetector> detectors,
            Settings settings,
            Clock clock) {
        this.catalog = catalog;
        this.lake = lake;
        this.store = store;
        this.decisions = decisions;
        this.detectors = List.copyOf(detectors);
        this.scan = new PiiScan(detectors, settings.minShare(), PiiScan.DEFAULT_MIN_SAMPLES);
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "pii";
    }

    @Override
    public void committed(SnapshotCommitted snapshot) throws LakeReadsUnavailableException {
        Report report;
        try {
            report = scan(snapshot);
        } catch (CatalogUnavailableException e) {
            // The scan is a best effort: one table the catalog cannot describe must not hold up every table after it.
            LOG.log(Level.WARNING, "PII scan of {0} skipped: {1}", snapshot.table(), e.getMessage());
            return;
        }
        if (!report.proposals().isEmpty() || !report.skipped().isEmpty()) {
            LOG.log(
                    report.proposals().isEmpty() ? Level.DEBUG : Level.INFO,
                    "PII scan of {0} at snapshot {1}: {2} proposals, skipped {3}",
                    snapshot.table(),
                    String.valueOf(snapshot.snapshotId()),
                    report.proposals().size(),
                    report.skipped());
        }
    }

    /**
     * Scans the rows the snapshot added.
     *
     * @throws LakeReadsUnavailableException when query-service cannot be asked; the snapshot is scanned again later
     */
    public Report scan(SnapshotCommitted snapshot) throws LakeReadsUnavailableException {
        if (!snapshot.addedRows()) {
            return Report.skipped("the snapshot added no rows");
        }
        // Before anything is read: while it waits for rows, a table costs neither a query nor a database read.
        TableRef key = snapshot.table();
        Instant refused = refusedAt.get(key);
        if (refused != null) {
            Instant again = refused.plus(settings.scanInterval());
            if (again.isAfter(clock.instant())) {
                return Report.skipped(
                        "query-service could not sample the table at " + refused + "; it is asked again from " + again);
            }
            refusedAt.remove(key, refused);
        }
        Long since = rowsSinceTooFew.computeIfPresent(
                key,
                (k, rows) ->
                        rows + (snapshot.addedRecords() < 0 ? PiiScan.DEFAULT_MIN_SAMPLES : snapshot.addedRecords()));
        if (since != null && since < PiiScan.DEFAULT_MIN_SAMPLES) {
            return Report.skipped(
                    since + " rows since a scan that saw too few values; waiting for " + PiiScan.DEFAULT_MIN_SAMPLES);
        }
        long total = totalRecords(snapshot);
        if (since == null && total >= 0 && total < PiiScan.DEFAULT_MIN_SAMPLES) {
            // No column of a table this small holds enough values to judge: as if a scan had seen too few, without
            // asking query-service. A new table receiving a record at a time used to cost a query on its first commit.
            rowsSinceTooFew.put(key, total);
            return Report.skipped("the table has fewer than " + PiiScan.DEFAULT_MIN_SAMPLES + " rows (" + total
                    + "); waiting for " + PiiScan.DEFAULT_MIN_SAMPLES);
        }
        Instant now = clock.instant();
        Optional<ClassificationStore.LastScan> last = store.lastScan(snapshot.table());
        if (last.isPresent() && last.get().at().plus(settings.scanInterval()).isAfter(now)) {
            return Report.skipped("scanned at " + last.get().at() + ", within the scan interval");
        }
        Optional<TableInfo> table = catalog.table(snapshot.table());
        if (table.isEmpty()) {
            return Report.skipped("the catalog has no such table");
        }
        List<ColumnInfo> columns = table.get().columns().stream()
                .filter(c -> c.type().kind() == SqlType.Kind.STRING && !tagged(c))
                .toList();
        List<ClassificationStore.Proposed> proposals = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean enough = columns.isEmpty();
        if (!columns.isEmpty()) {
            // The rows since the last counted scan, so rows of snapshots skipped within the interval (or after a scan
            // of too few values) are sampled too; before any, the table's rows. (A check's {new_rows} with no start
            // is what the snapshot alone added: on a table receiving a row at a time that never made a sample.)
            Long after = last.map(ClassificationStore.LastScan::snapshotId).orElse(null);
            String relation = after == null ? TABLE_ROWS : NEW_ROWS;
            List<LakeReads.Query> queries = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                queries.add(new LakeReads.Query(
                        "c" + i, sampleSql(columns.get(i).name(), settings.sampleSize(), relation)));
            }
            LakeReads.Answer answer;
            try {
                answer = lake.run(snapshot.table(), snapshot.snapshotId(), after, queries);
            } catch (RuntimeException e) {
                // The table or snapshot is gone, or the queries were refused: nothing to come back for.
                refusedAt.put(key, now);
                return Report.skipped("query-service refused the sample: " + e.getMessage());
            }
            int failedColumns = 0;
            for (int i = 0; i < columns.size(); i++) {
                String column = columns.get(i).name();
                String id = queries.get(i).id();
                Optional<LakeReads.Result> result =
                        answer.results().stream().filter(r -> r.id().equals(id)).findFirst();
                if (result.isEmpty() || result.get().failed()) {
                    failedColumns++;
                    skipped.add(
                            column + ": " + result.map(LakeReads.Result::error).orElse("no result"));
                    continue;
                }
                List<String> sample = values(result.get());
                enough |= sample.stream().filter(v -> !v.isBlank()).count() >= PiiScan.DEFAULT_MIN_SAMPLES;
                List<PiiProposal> found;
                try {
                    found = scan.scan(column, sample);
                } catch (RuntimeException e) {
                    // One odd column must not hold back the others, nor the snapshot pipeline.
                    skipped.add(column + ": " + e);
                    continue;
                }
                proposals.addAll(store(snapshot, column, found));
            }
            if (failedColumns == columns.size()) {
                refusedAt.put(key, now);
            }
        }
        if (enough) {
            store.scanned(snapshot.table(), snapshot.snapshotId(), now);
            rowsSinceTooFew.remove(key);
        } else {
            rowsSinceTooFew.put(key, 0L);
            // Too few values to judge: the next snapshot's rows are looked at together with these.
            skipped.add("fewer than " + PiiScan.DEFAULT_MIN_SAMPLES + " values in every column; not counted as a scan");
        }
        return new Report(proposals, skipped);
    }

    /** The table's rows after the snapshot, from Iceberg's {@code total-records} summary; -1 when not there. */
    private static long totalRecords(SnapshotCommitted snapshot) {
        String total = snapshot.summary().get("total-records");
        if (total == null) {
            return -1;
        }
        try {
            return Long.parseLong(total.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private List<ClassificationStore.Proposed> store(
            SnapshotCommitted snapshot, String column, List<PiiProposal> found) {
        List<ClassificationStore.Proposed> stored = new ArrayList<>();
        for (PiiProposal proposal : found) {
            String kind = proposal.tag().substring(proposal.tag().indexOf('.') + 1);
            Classification.Evidence evidence = new Classification.Evidence(
                    kind,
                    proposal.evidence().label(),
                    proposal.share(),
                    proposal.sampleSize(),
                    proposal.examples().stream().limit(MAX_EXAMPLES).toList(),
                    columnNameHint(detector(proposal.tag()), kind, column));
            ClassificationStore.Proposed result =
                    store.propose(snapshot.table(), column, proposal.tag(), evidence, clock.instant());
            stored.add(autoApply(result));
        }
        return stored;
    }

    /** Accepts a proposal as the service when auto-apply is on; while the catalog is down it stays proposed. */
    private ClassificationStore.Proposed autoApply(ClassificationStore.Proposed proposed) {
        Classification c = proposed.classification();
        if (c.status() != Classification.Status.PROPOSED
                || settings.autoApplyShare().isEmpty()
                || c.share() < settings.autoApplyShare().getAsDouble()) {
            return proposed;
        }
        try {
            String reason = "share " + c.share() + " is at least auto-apply-share "
                    + settings.autoApplyShare().getAsDouble();
            return new ClassificationStore.Proposed(
                    decisions.accept(c.id(), Classification.AUTO, reason), proposed.outcome());
        } catch (CatalogUnavailableException | ClassificationConflictException e) {
            LOG.log(
                    Level.WARNING,
                    "Could not auto-apply {0} to {1}.{2}: {3}",
                    c.tag(),
                    c.table(),
                    c.column(),
                    e.getMessage());
            return proposed;
        }
    }

    private PiiDetector detector(String tag) {
        return detectors.stream().filter(d -> d.tag().equals(tag)).findFirst().orElse(null);
    }

    /** Whether the column's name suggests the kind too: the detector says so, or a word of it is the kind. */
    static boolean columnNameHint(PiiDetector detector, String kind, String column) {
        return (detector != null && detector.matchesColumnName(column))
                || ColumnNames.words(column).contains(kind);
    }

    static boolean tagged(ColumnInfo column) {
        return column.tags().stream().anyMatch(t -> t.equals("pii") || t.startsWith("pii."));
    }

    /** Up to {@code limit} non-null values of one column of the new rows, in DuckDB SQL. */
    static String sampleSql(String column, int limit) {
        return sampleSql(column, limit, NEW_ROWS);
    }

    /** Up to {@code limit} values of the column from {@code relation} ({@code {table}} or {@code {new_rows}}). */
    static String sampleSql(String column, int limit, String relation) {
        String quoted = '"' + column.replace("\"", "\"\"") + '"';
        return "SELECT CAST(" + quoted + " AS VARCHAR) AS v FROM " + relation + " WHERE " + quoted
                + " IS NOT NULL LIMIT " + limit;
    }

    private static List<String> values(LakeReads.Result result) {
        List<String> values = new ArrayList<>(result.rows().size());
        for (List<Object> row : result.rows()) {
            if (!row.isEmpty() && row.get(0) != null) {
                values.add(row.get(0).toString());
            }
        }
        return values;
    }
}
