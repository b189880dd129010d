package io.tributary.ingest.writer;

import io.tributary.contracts.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.jboss.logging.Logger;

/**
 * The lake writer's core: turns records of the ingest topics into Iceberg snapshots, each carrying the Kafka offsets
 * it covers, so that every record lands exactly once across crashes, restarts and lost commits.
 *
 * <p>It never talks to Kafka itself. The consumer loop hands it partitions ({@link #assign}), records
 * ({@link #accept}) and clock ticks ({@link #tick}), and carries out the {@link WriterAction}s it answers: where to
 * seek, what to pause. That keeps the exactly-once rules testable against any {@link Catalog}.
 *
 * <p>All calls come from one thread, the consume loop. The slow work on a table (opening it, closing its files and
 * committing them) runs on {@code commits} and {@code opens}, many tables at once, while the table's partitions are paused: one table
 * that is slow or failing never holds the loop or the other tables. A table is handed to at most one task at a time,
 * and the loop touches it again only once that task is done.
 */
public final class LakeWriter {

    private static final Logger LOG = Logger.getLogger(LakeWriter.class);
    private static final int MAX_BACKOFF_DOUBLINGS = 4;

    /**
     * @param commitInterval shortest time between the starts of two commits of a table, and so the longest a record
     *                      waits in a batch; a table idle for longer commits its next records at once
     * @param commitMaxRecords a batch this large is committed at once
     * @param retryInterval how often an unavailable table, or a commit in doubt, is asked again
     * @param busyCommits   from this many commits in flight on, the writer is behind: an idle table's first records
     *                      wait for the commit interval too instead of being committed at once, so that batches grow
     *                      and the commits the machine can do cover more records
     */
    public record Settings(
            String writerId, Duration commitInterval, long commitMaxRecords, Duration retryInterval, int busyCommits) {}

    private final Catalog catalog;
    /** Where whole tables are loaded from, when {@link #catalog} answers only the writer's view; null: it does not. */
    private volatile Catalog wholeHistory;

    private final Settings settings;
    private final WriterEvents events;
    private final DeadLetterSink deadLetters;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Map<String, TableSink> sinks = new LinkedHashMap<>();
    /** Topics assigned to this writer whose table could not be opened yet: topic → partitions. */
    private final Map<String, Set<Integer>> waiting = new LinkedHashMap<>();

    private final Map<String, Long> nextAttemptNanos = new HashMap<>();
    /** Failures in a row to open a topic's table, other than "no such table". */
    private final Map<String, Integer> openFailures = new HashMap<>();

    private final Set<String> reported = new HashSet<>();

    private final Executor commits;
    private final Executor opens;
    /** topic → the open or commit running for its table; the loop leaves the table alone meanwhile. */
    private final Map<String, Task> inFlight = new HashMap<>();
    /** Tasks done, to be finished on the loop thread at its next call. */
    private final ConcurrentLinkedQueue<Task> done = new ConcurrentLinkedQueue<>();
    /** topic → partition → first offset read (and not taken) while the table was busy: read again afterwards. */
    private final Map<String, Map<Integer, Long>> rewind = new HashMap<>();

    /** Topics whose batch was dropped by a record they could not take: rewound to the checkpoint at the next tick. */
    private final Set<String> resyncing = new HashSet<>();

    /** Topics announced by the catalog while their open ran: a "no such table" from that open is retried at once. */
    private final Set<String> announced = new HashSet<>();

    /** Topics whose table the catalog just created: asked again at the next tick, whatever their backoff. */
    private final ConcurrentLinkedQueue<String> retryNow = new ConcurrentLinkedQueue<>();

    /**
     * Commits several tables' changes in one request, all of them or none ({@code /transactions/commit} of the
     * Iceberg REST protocol). A conflict on any table is a {@link CommitFailedException} for the whole group.
     */
    @FunctionalInterface
    public interface GroupCommits {
        void commit(List<TableCommit> commits);
    }

    private GroupCommits groups;
    private int groupMaxTables = 1;

    /** Work on one table off the loop, and what the loop does with its result once it is done. */
    private record Task(String topic, CompletableFuture<?> future, Consumer<List<WriterAction>> finish) {}

    /** Table work runs on the calling thread: each call returns once its commits are done. */
    public LakeWriter(
            Catalog catalog,
            Settings settings,
            WriterEvents events,
            DeadLetterSink deadLetters,
            Clock clock,
            LongSupplier nanoTime) {
        this(catalog, settings, events, deadLetters, clock, nanoTime, Runnable::run, Runnable::run);
    }

    /**
     * @param commits runs commits; a pool lets many tables commit at once
     * @param opens runs table opens, apart from commits: topics whose table is missing never queue ahead of a commit
     */
    public LakeWriter(
            Catalog catalog,
            Settings settings,
            WriterEvents events,
            DeadLetterSink deadLetters,
            Clock clock,
            LongSupplier nanoTime,
            Executor commits,
            Executor opens) {
        this.catalog = catalog;
        this.settings = settings;
        this.events = events;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.commits = commits;
        this.opens = opens;
    }

    /**
     * Tables opened from this writer's catalog hold only the snapshots writing reads (the catalog's writer view:
     * branch and tag heads, and the history back to each branch's latest checkpoint). Whether a commit whose outcome
     * was unknown landed is then decided on the table's whole history, loaded from {@code wholeHistory}: a commit
     * that landed below a later checkpoint must be found, or its files would be deleted as never committed.
     */
    public LakeWriter wholeHistoryFrom(Catalog wholeHistory) {
        this.wholeHistory = wholeHistory;
        return this;
    }

    /**
     * Commits the tables that are due together, up to {@code maxTables} per request, instead of each on its own. A
     * table whose batch cannot be staged, or a group the catalog refuses as a whole (one table changed meanwhile), is
     * committed on its own as before; a group whose outcome is unknown is resolved table by table. While every commit
     * worker is taken, due tables wait and go together in the next group.
     */
    public LakeWriter groupCommits(GroupCommits commits, int maxTables) {
        this.groups = maxTables > 1 ? commits : null;
        this.groupMaxTables = maxTables;
        return this;
    }

    /**
     * The catalog created (or renamed something to) this table: if its topic waits for it, it is opened at the next
     * tick instead of at the end of its backoff. Any thread may call this.
     */
    public void retryNow(TableIdentifier table) {
        if (table.namespace().length() == 1) {
            retryNow.add(Topics.INGEST_PREFIX + table.namespace().level(0) + "." + table.name());
        }
    }

    /** True while some table's open or commit runs off the loop: the loop should come back soon to finish it. */
    public boolean busy() {
        return !inFlight.isEmpty();
    }

    /** The table an ingest topic feeds: {@code tributary.ingest.<namespace>.<table>}. */
    public static Optional<TableIdentifier> tableOf(String topic) {
        if (!topic.startsWith(Topics.INGEST_PREFIX) || topic.equals(Topics.INGEST_DLQ)) {
            return Optional.empty();
        }
        String rest = topic.substring(Topics.INGEST_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1 || rest.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(TableIdentifier.of(Namespace.of(rest.substring(0, dot)), rest.substring(dot + 1)));
    }

    /** Partitions given to this writer: it answers where to read them from, the table's checkpoint. */
    public List<WriterAction> assign(String topic, Collection<Integer> partitions) {
        Optional<TableIdentifier> table = tableOf(topic);
        if (table.isEmpty()) {
            LOG.warnf("Topic %s names no table; it is not read", topic);
            return List.of(new WriterAction.Pause(topic, new TreeSet<>(partitions)));
        }
        List<WriterAction> actions = new ArrayList<>();
        Task running = inFlight.get(topic);
        if (running != null && !sinks.containsKey(topic)) {
            // The table is being opened: these partitions start where the others do once it is.
            waiting.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(partitions);
            return List.of(new WriterAction.Pause(topic, new TreeSet<>(partitions)));
        }
        awaitInFlight(topic, actions);
        TableSink sink = sinks.get(topic);
        if (sink == null) {
            // Partitions already waiting here were paused: the open that seeks them must resume them too.
            Set<Integer> paused = new TreeSet<>(waiting.getOrDefault(topic, Set.of()));
            paused.removeAll(partitions);
            waiting.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(partitions);
            if (openFailures.containsKey(topic) && nanoTime.getAsLong() < nextAttemptNanos.getOrDefault(topic, 0L)) {
                // Failing to open, and not due again: a rebalance does not bring the next attempt forward.
                actions.add(new WriterAction.Pause(topic, new TreeSet<>(partitions)));
                return actions;
            }
            List<WriterAction> opened = startOpen(topic, table.get());
            if (opened == null) {
                actions.add(new WriterAction.Pause(topic, new TreeSet<>(partitions)));
            } else {
                actions.addAll(opened);
                if (opened.get(0) instanceof WriterAction.Seek && !paused.isEmpty()) {
                    actions.add(new WriterAction.Resume(topic, paused));
                }
            }
            return actions;
        }
        actions.add(new WriterAction.Seek(topic, sink.assign(partitions)));
        return actions;
    }

    /**
     * Opens the table of a waiting topic on {@code commits} and {@code opens}. Answers, when that finished at once, a seek of the
     * waiting partitions to the checkpoint or their pause; null when it runs on, to be finished by a later call
     * (the seek and a resume, or nothing more while the partitions stay paused).
     */
    private List<WriterAction> startOpen(String topic, TableIdentifier id) {
        CompletableFuture<TableSink> opening = CompletableFuture.supplyAsync(() -> open(id, topic), opens);
        if (opening.isDone()) {
            return opened(topic, id, opening);
        }
        Task task = new Task(topic, opening, actions -> {
            List<WriterAction> opened = opened(topic, id, opening);
            if (opened.get(0) instanceof WriterAction.Seek seek) {
                actions.addAll(opened);
                actions.add(new WriterAction.Resume(
                        topic, new TreeSet<>(seek.offsets().keySet())));
            }
        });
        start(task);
        return null;
    }

    /** The waiting partitions' seek to the opened table's checkpoint, or, when it failed, their pause until due. */
    private List<WriterAction> opened(String topic, TableIdentifier id, CompletableFuture<TableSink> opening) {
        Set<Integer> partitions = waiting.remove(topic);
        if (partitions == null) {
            partitions = new TreeSet<>();
        }
        TableSink sink;
        try {
            sink = opening.join();
        } catch (RuntimeException failure) {
            // A topic may exist before its table (or outlive it): a quick "no such table", asked again every
            // retry-interval. Any other failure (the table's storage unreachable, say) can hold a worker for the
            // catalog client's own retries, so it is asked again at doubling intervals. Said once, not per retry.
            RuntimeException e = unwrap(failure);
            boolean missing = e instanceof NoSuchTableException;
            // A dropped table's topic may linger for good, so it is asked at doubling intervals too; a table created
            // later is opened at once when the catalog says so (retryNow).
            Duration wait = backoff(openFailures.merge(topic, 1, Integer::sum));
            if (reported.add(topic + (missing ? ":missing" : ":error"))) {
                LOG.logf(
                        missing ? Logger.Level.INFO : Logger.Level.WARN,
                        missing
                                ? "Cannot open %s for %s: %s; retrying in %s, then at doubling intervals up to %s"
                                : "Cannot open %s for %s: %s; retrying in %s, then at doubling intervals up to %s",
                        id,
                        topic,
                        e.toString(),
                        wait,
                        backoff(MAX_BACKOFF_DOUBLINGS + 1));
            }
            waiting.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(partitions);
            nextAttemptNanos.put(topic, announced.remove(topic) ? 0L : nanoTime.getAsLong() + wait.toNanos());
            return List.of(new WriterAction.Pause(topic, new TreeSet<>(partitions)));
        }
        announced.remove(topic);
        openFailures.remove(topic);
        sinks.put(topic, sink);
        reported.removeIf(key -> key.startsWith(topic + ":"));
        return List.of(new WriterAction.Seek(topic, sink.assign(partitions)));
    }

    private static RuntimeException unwrap(RuntimeException e) {
        Throwable cause = e;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException runtime ? runtime : e;
    }

    private void start(Task task) {
        inFlight.put(task.topic(), task);
        task.future().whenComplete((result, error) -> done.add(task));
    }

    /** Finishes the tasks that are done: their actions, on the loop thread. */
    private void finishDone(List<WriterAction> actions) {
        for (Task task = done.poll(); task != null; task = done.poll()) {
            if (inFlight.get(task.topic()) == task) {
                inFlight.remove(task.topic());
                task.finish().accept(actions);
            }
        }
    }

    /** Waits for the table's task, if one runs, and finishes it: a rebalance or a flush needs the table at rest. */
    private void awaitInFlight(String topic, List<WriterAction> actions) {
        Task task = inFlight.remove(topic);
        if (task != null) {
            try {
                task.future().join();
            } catch (RuntimeException e) {
                // Its finish reads the failure.
            }
            task.finish().accept(actions);
        }
    }

    /** The wait after the n-th failure in a row to open a table: retry-interval, doubling up to 16 times it. */
    private Duration backoff(int failures) {
        return settings.retryInterval().multipliedBy(1L << Math.min(failures - 1, MAX_BACKOFF_DOUBLINGS));
    }

    private TableSink open(TableIdentifier id, String topic) {
        long started = System.nanoTime();
        Table table;
        try {
            table = catalog.loadTable(id);
        } catch (RuntimeException e) {
            events.opened(id, Duration.ofNanos(System.nanoTime() - started), false);
            throw e;
        }
        events.opened(id, Duration.ofNanos(System.nanoTime() - started), true);
        Catalog whole = wholeHistory;
        TableSink sink = new TableSink(
                id,
                topic,
                table,
                settings.writerId(),
                deadLetters,
                events,
                clock,
                whole == null
                        ? null
                        : () -> ((HasTableOperations) whole.loadTable(id))
                                .operations()
                                .current());
        LOG.infof(
                "%s: resuming from checkpoint %s (snapshot %s)",
                id,
                sink.checkpoint().offsets(),
                String.valueOf(sink.checkpoint().snapshotId()));
        return sink;
    }

    /**
     * All partitions of a topic taken from this writer: what is pending is committed first (a rebalance hands a clean
     * checkpoint to the next owner), then the table is forgotten.
     */
    public List<WriterAction> revoke(String topic) {
        return revoke(topic, null);
    }

    /**
     * Some partitions of a topic taken from this writer (all of them when {@code partitions} is null): what is
     * pending is committed first, for every partition, so the next owner starts from a clean checkpoint. The table
     * stays open for the partitions that remain here.
     */
    public List<WriterAction> revoke(String topic, Collection<Integer> partitions) {
        List<WriterAction> actions = new ArrayList<>();
        awaitInFlight(topic, actions);
        Set<Integer> waitingPartitions = waiting.get(topic);
        if (waitingPartitions != null && partitions != null) {
            waitingPartitions.removeAll(partitions);
        }
        if (waitingPartitions != null && (partitions == null || waitingPartitions.isEmpty())) {
            waiting.remove(topic);
        }
        TableSink sink = sinks.get(topic);
        if (sink == null) {
            return actions;
        }
        commit(topic, sink, actions);
        Set<Integer> remaining = new TreeSet<>(sink.partitions());
        if (partitions != null) {
            remaining.removeAll(partitions);
        } else {
            remaining.clear();
        }
        if (remaining.isEmpty()) {
            sinks.remove(topic);
            rewind.remove(topic);
            sink.abort();
        } else {
            sink.release(partitions);
            Map<Integer, Long> pending = rewind.get(topic);
            if (pending != null) {
                pending.keySet().removeAll(partitions);
            }
        }
        return actions;
    }

    /** Partitions lost without a clean hand-over: the batch is dropped, the next owner reads from the checkpoint. */
    public void lose(String topic) {
        awaitInFlight(topic, new ArrayList<>());
        resyncing.remove(topic);
        waiting.remove(topic);
        rewind.remove(topic);
        TableSink sink = sinks.remove(topic);
        if (sink != null) {
            sink.abort();
        }
    }

    public void accept(IncomingRecord record) {
        TableSink sink = sinks.get(record.topic());
        if (sink != null && inFlight.containsKey(record.topic())) {
            // Its partitions are paused while it commits; a record fetched before the pause is read again after.
            rewind.computeIfAbsent(record.topic(), t -> new TreeMap<>())
                    .merge(record.partition(), record.offset(), Math::min);
            return;
        }
        if (sink == null || sink.inDoubt()) {
            // Paused or waiting: the seek that ends it rewinds the partition, so the record is read again.
            return;
        }
        if (!sink.partitions().contains(record.partition())) {
            return; // a partition given up in a rebalance, fetched before it
        }
        if (resyncing.contains(record.topic())) {
            return; // its batch was dropped; the seek the next tick answers reads these again
        }
        long expected = sink.nextOffset(record.partition());
        if (expected >= 0 && record.offset() < expected) {
            return; // already in the table (a fetch issued before a seek)
        }
        try {
            sink.accept(record, nanoTime.getAsLong());
        } catch (RuntimeException e) {
            // The table could not take the record (its schema could not be reloaded, a file not opened, a dead letter
            // not sent). Skipping it would leave a gap a later commit covers: the batch is dropped instead, and the
            // table read again from its checkpoint.
            LOG.warnf(
                    "%s: cannot take the record at %s-%d@%d (%s); reading again from the checkpoint",
                    sink.id(), record.topic(), record.partition(), record.offset(), e.toString());
            sink.abort();
            resyncing.add(record.topic());
        }
    }

    /**
     * Commits every batch that is due, retries tables that could not be opened and commits in doubt, and finishes
     * the table work done since the last call.
     */
    public List<WriterAction> tick() {
        List<WriterAction> actions = new ArrayList<>();
        finishDone(actions);
        for (String topic : resyncing) {
            TableSink sink = sinks.get(topic);
            if (sink != null) {
                actions.add(new WriterAction.Seek(topic, startsOf(sink)));
            }
        }
        resyncing.clear();
        for (String topic = retryNow.poll(); topic != null; topic = retryNow.poll()) {
            if (waiting.containsKey(topic)) {
                nextAttemptNanos.remove(topic);
            } else if (inFlight.containsKey(topic) && !sinks.containsKey(topic)) {
                announced.add(topic); // its open may have started before the table existed
            }
        }
        long now = nanoTime.getAsLong();
        for (Map.Entry<String, Set<Integer>> entry : List.copyOf(waiting.entrySet())) {
            String topic = entry.getKey();
            if (inFlight.containsKey(topic) || now < nextAttemptNanos.getOrDefault(topic, 0L)) {
                continue;
            }
            Optional<TableIdentifier> table = tableOf(topic);
            if (table.isEmpty()) {
                continue;
            }
            List<WriterAction> opened = startOpen(topic, table.get());
            if (opened != null) {
                actions.addAll(opened);
                if (opened.get(0) instanceof WriterAction.Seek) {
                    actions.add(new WriterAction.Resume(topic, entry.getValue()));
                }
            }
        }
        int committing = groups == null ? commitsInFlight() : commitTasksInFlight();
        List<String> due = new ArrayList<>();
        for (Map.Entry<String, TableSink> entry : List.copyOf(sinks.entrySet())) {
            String topic = entry.getKey();
            TableSink sink = entry.getValue();
            if (inFlight.containsKey(topic)) {
                continue;
            }
            if (sink.inDoubt()) {
                if (now >= nextAttemptNanos.getOrDefault(topic, 0L)) {
                    startCommit(topic, sink, actions);
                }
            } else if (sink.due(
                    now,
                    settings.commitInterval(),
                    settings.commitMaxRecords(),
                    committing >= settings.busyCommits())) {
                if (groups != null) {
                    due.add(topic);
                    continue;
                }
                sink.committing(now);
                startCommit(topic, sink, actions);
                committing++;
            }
        }
        if (!due.isEmpty()) {
            startGroups(due, now, committing, actions);
        }
        finishDone(actions);
        events.busyTables(inFlight.size());
        return actions;
    }

    /** Commit tasks running, a group counting once. */
    private int commitTasksInFlight() {
        Set<CompletableFuture<?>> tasks = new HashSet<>();
        inFlight.forEach((topic, task) -> {
            if (sinks.containsKey(topic)) {
                tasks.add(task.future());
            }
        });
        return tasks.size();
    }

    /**
     * Starts the due tables' commits in groups spread over the free commit workers, at most
     * {@code groupMaxTables} per group; tables left over stay due and join the next group. A group of one is an
     * ordinary commit.
     */
    private void startGroups(List<String> due, long now, int running, List<WriterAction> actions) {
        int free = Math.max(0, settings.busyCommits() - running);
        // The tables that waited longest first: with every worker taken, the others would otherwise starve them.
        due.sort(java.util.Comparator.comparingLong(topic -> sinks.get(topic).batchStartedNanos()));
        int at = 0;
        while (at < due.size() && free > 0) {
            // Spread over the free workers: one worker staging every table in turn would leave the others idle.
            int size = Math.min(groupMaxTables, (due.size() - at + free - 1) / free);
            List<String> group = due.subList(at, at + size);
            at += group.size();
            free--;
            if (group.size() == 1) {
                TableSink sink = sinks.get(group.get(0));
                sink.committing(now);
                startCommit(group.get(0), sink, actions);
            } else {
                startGroup(List.copyOf(group), now, actions);
            }
        }
    }

    private void startGroup(List<String> topics, long now, List<WriterAction> actions) {
        List<TableSink> group = new ArrayList<>();
        for (String topic : topics) {
            TableSink sink = sinks.get(topic);
            sink.committing(now);
            group.add(sink);
        }
        CompletableFuture<Map<TableSink, TableSink.Outcome>> committing =
                CompletableFuture.supplyAsync(() -> everyOutcome(group), commits);
        boolean atOnce = committing.isDone();
        for (TableSink sink : group) {
            String topic = sink.topic();
            if (atOnce) {
                finishCommit(topic, sink, false, false, committing.join().get(sink), actions);
                continue;
            }
            Set<Integer> partitions = new TreeSet<>(sink.partitions());
            if (!partitions.isEmpty()) {
                actions.add(new WriterAction.Pause(topic, partitions));
            }
            start(new Task(
                    topic,
                    committing,
                    later -> finishCommit(
                            topic, sink, false, true, committing.join().get(sink), later)));
        }
    }

    /** The group's outcomes, one per table whatever happened: the loop must get an answer for each. */
    private Map<TableSink, TableSink.Outcome> everyOutcome(List<TableSink> group) {
        Map<TableSink, TableSink.Outcome> outcomes;
        try {
            outcomes = commitGroup(group);
        } catch (RuntimeException | Error e) {
            LOG.error("A group commit failed unexpectedly", e);
            outcomes = new HashMap<>();
        }
        for (TableSink sink : group) {
            if (!outcomes.containsKey(sink)) {
                outcomes.put(sink, attempt(sink, () -> {
                    throw new IllegalStateException("the group commit gave no outcome for " + sink.id());
                }));
            }
        }
        return outcomes;
    }

    /** Stages each table's batch, commits them in one request, and answers each table's outcome. */
    private Map<TableSink, TableSink.Outcome> commitGroup(List<TableSink> group) {
        Map<TableSink, TableSink.Outcome> outcomes = new HashMap<>();
        List<TableSink.Staged> staged = new ArrayList<>();
        for (TableSink sink : group) {
            TableSink.Staged ready;
            try {
                ready = sink.stage();
            } catch (RuntimeException | Error e) {
                ready = null;
            }
            if (ready == null) {
                outcomes.put(sink, attemptCommit(sink));
            } else {
                staged.add(ready);
            }
        }
        if (staged.isEmpty()) {
            return outcomes;
        }
        try {
            groups.commit(staged.stream().map(TableSink.Staged::commit).toList());
        } catch (CommitFailedException
                | ValidationException
                | BadRequestException
                | NoSuchTableException
                | NotAuthorizedException
                | ForbiddenException refused) {
            // Nothing landed: each table commits on its own, which settles a conflict table by table.
            LOG.debugf("A group of %d commits was refused (%s); committing each table alone", staged.size(), refused);
            for (TableSink.Staged s : staged) {
                s.sink().groupRefused(s, refused);
                outcomes.put(s.sink(), attemptCommit(s.sink()));
            }
            return outcomes;
        } catch (RuntimeException | Error unknown) {
            for (TableSink.Staged s : staged) {
                outcomes.put(s.sink(), attempt(s.sink(), () -> s.sink().groupInDoubt(s, unknown)));
            }
            return outcomes;
        }
        for (TableSink.Staged s : staged) {
            outcomes.put(s.sink(), attempt(s.sink(), () -> s.sink().groupCommitted(s)));
        }
        return outcomes;
    }

    /** Commits started and not finished: the tasks of open tables (an open's topic has no sink yet). */
    private int commitsInFlight() {
        int count = 0;
        for (String topic : inFlight.keySet()) {
            if (sinks.containsKey(topic)) {
                count++;
            }
        }
        return count;
    }

    /** Commits everything pending, e.g. before a clean shutdown. */
    public List<WriterAction> flush() {
        List<WriterAction> actions = new ArrayList<>();
        List.copyOf(inFlight.keySet()).forEach(topic -> awaitInFlight(topic, actions));
        sinks.forEach((topic, sink) -> commit(topic, sink, actions));
        return actions;
    }

    /**
     * Commits the table's batch on {@code commits} and {@code opens}. Its partitions are paused until the commit is done, unless it
     * is done at once; an in-doubt table's are paused already.
     */
    private void startCommit(String topic, TableSink sink, List<WriterAction> actions) {
        boolean wasInDoubt = sink.inDoubt();
        CompletableFuture<TableSink.Outcome> committing =
                CompletableFuture.supplyAsync(() -> attemptCommit(sink), commits);
        if (committing.isDone()) {
            finishCommit(topic, sink, wasInDoubt, false, committing.join(), actions);
            return;
        }
        Set<Integer> partitions = new TreeSet<>(sink.partitions());
        if (!wasInDoubt && !partitions.isEmpty()) {
            actions.add(new WriterAction.Pause(topic, partitions));
        }
        start(new Task(
                topic,
                committing,
                later -> finishCommit(topic, sink, wasInDoubt, !wasInDoubt, committing.join(), later)));
    }

    /** Commits the table's batch on the calling thread. */
    private void commit(String topic, TableSink sink, List<WriterAction> actions) {
        boolean wasInDoubt = sink.inDoubt();
        finishCommit(topic, sink, wasInDoubt, false, attemptCommit(sink), actions);
    }

    private static TableSink.Outcome attemptCommit(TableSink sink) {
        return attempt(sink, sink::commit);
    }

    private static TableSink.Outcome attempt(TableSink sink, java.util.function.Supplier<TableSink.Outcome> step) {
        try {
            return step.get();
        } catch (RuntimeException | Error e) {
            // Whatever it was, the loop must get an answer: a task that throws would leave the table paused.
            LOG.error("Commit to " + sink.id() + " failed unexpectedly", e);
            sink.abort();
            return new TableSink.Outcome.Resync(startsOf(sink), e);
        }
    }

    /**
     * What the loop does once a commit is done: mirror the offsets, or rewind to the checkpoint, or pause while in
     * doubt.
     *
     * @param paused the partitions were paused for this commit alone
     */
    private void finishCommit(
            String topic,
            TableSink sink,
            boolean wasInDoubt,
            boolean paused,
            TableSink.Outcome outcome,
            List<WriterAction> actions) {
        Set<Integer> partitions = new TreeSet<>(sink.partitions());
        Map<Integer, Long> reread = rewind.remove(topic);
        if (outcome instanceof TableSink.Outcome.Committed committed) {
            actions.add(new WriterAction.Committed(topic, committed.report().offsets()));
            if (wasInDoubt) {
                // Records that arrived while in doubt (a partition assigned meanwhile) were not taken: read them again.
                actions.add(new WriterAction.Seek(topic, startsOf(sink)));
                actions.add(new WriterAction.Resume(topic, partitions));
            } else if (paused || reread != null) {
                resume(topic, sink, partitions, reread, actions);
            }
        } else if (outcome instanceof TableSink.Outcome.Resync resync) {
            actions.add(new WriterAction.Seek(topic, resync.offsets()));
            if (wasInDoubt || paused) {
                actions.add(new WriterAction.Resume(topic, partitions));
            }
        } else if (outcome instanceof TableSink.Outcome.InDoubt) {
            nextAttemptNanos.put(
                    topic, nanoTime.getAsLong() + settings.retryInterval().toNanos());
            if (!wasInDoubt && !paused) {
                actions.add(new WriterAction.Pause(topic, partitions));
            }
            // Records fetched meanwhile (reread) are read again by the seek to the checkpoint that ends the doubt.
        } else if (paused || reread != null) {
            resume(topic, sink, partitions, reread, actions);
        }
    }

    /** Resumes the table's partitions, first rewinding those with records fetched (and not taken) while it was busy. */
    private static void resume(
            String topic,
            TableSink sink,
            Set<Integer> partitions,
            Map<Integer, Long> reread,
            List<WriterAction> actions) {
        if (reread != null) {
            Map<Integer, Long> from = new TreeMap<>();
            reread.keySet().stream().filter(partitions::contains).forEach(p -> from.put(p, sink.nextOffset(p)));
            actions.add(new WriterAction.Seek(topic, from));
        }
        actions.add(new WriterAction.Resume(topic, partitions));
    }

    private static Map<Integer, Long> startsOf(TableSink sink) {
        Map<Integer, Long> starts = new HashMap<>();
        sink.partitions().forEach(p -> starts.put(p, sink.checkpoint().startOf(p)));
        return starts;
    }

    /** Records read but not yet in a snapshot, per table. */
    public Map<TableIdentifier, Long> pendingRecords() {
        Map<TableIdentifier, Long> pending = new LinkedHashMap<>();
        // A table busy committing is left out: its state belongs to the commit until it is done.
        sinks.forEach((topic, s) -> {
            if (!inFlight.containsKey(topic)) {
                pending.merge(s.id(), s.pendingRecords(), Long::sum);
            }
        });
        return pending;
    }

    /** Where the next record of each assigned partition of the topic is expected (-1: not known yet). */
    public long nextOffset(String topic, int partition) {
        TableSink sink = sinks.get(topic);
        return sink == null || inFlight.containsKey(topic) ? -1 : sink.nextOffset(partition);
    }

    /** Drops all batches (their files are deleted) without committing. */
    public void abortAll() {
        List.copyOf(inFlight.keySet()).forEach(topic -> awaitInFlight(topic, new ArrayList<>()));
        rewind.clear();
        sinks.values().forEach(TableSink::abort);
        sinks.clear();
        waiting.clear();
    }
}
