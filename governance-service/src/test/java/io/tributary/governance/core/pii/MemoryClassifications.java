package io.tributary.governance.core.pii;

import io.tributary.governance.core.TableRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** PII proposals in memory, for tests of the core; ids grow in the order proposals are made. */
public final class MemoryClassifications implements ClassificationStore {

    private final Map<UUID, Classification> byId = new LinkedHashMap<>();
    private final Map<TableRef, LastScan> scans = new HashMap<>();
    private long next = 1;

    @Override
    public synchronized Proposed propose(
            TableRef table, String column, String tag, Classification.Evidence evidence, Instant at) {
        Optional<Classification> existing = byId.values().stream()
                .filter(c -> c.table().equals(table)
                        && c.column().equals(column)
                        && c.tag().equals(tag))
                .findFirst();
        if (existing.isEmpty()) {
            Classification created = new Classification(
                    new UUID(0, next++),
                    table,
                    column,
                    tag,
                    Classification.Status.PROPOSED,
                    evidence.share(),
                    evidence.sampleSize(),
                    evidence,
                    at,
                    null,
                    null,
                    null,
                    false);
            byId.put(created.id(), created);
            return new Proposed(created, Outcome.CREATED);
        }
        Classification c = existing.get();
        if (c.status() != Classification.Status.PROPOSED) {
            return new Proposed(c, Outcome.UNCHANGED);
        }
        Classification updated = new Classification(
                c.id(),
                table,
                column,
                tag,
                c.status(),
                evidence.share(),
                evidence.sampleSize(),
                evidence,
                at,
                null,
                null,
                null,
                false);
        byId.put(c.id(), updated);
        return new Proposed(updated, Outcome.UPDATED);
    }

    @Override
    public synchronized Optional<Classification> find(UUID id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized List<Classification> list(
            Optional<TableRef> table, Optional<Classification.Status> status, UUID before, int limit) {
        return byId.values().stream()
                .filter(c -> table.map(c.table()::equals).orElse(true))
                .filter(c -> status.map(s -> c.status() == s).orElse(true))
                .filter(c -> before == null || c.id().compareTo(before) < 0)
                .sorted(Comparator.comparing(Classification::id).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Classification decide(
            UUID id, Classification.Status decision, String actor, String reason, boolean applied, Instant at) {
        Classification c = find(id).orElseThrow(() -> new ClassificationNotFoundException(id));
        if (c.status() == decision) {
            return c;
        }
        if (c.status() != Classification.Status.PROPOSED) {
            throw ClassificationService.decidedOtherwise(c);
        }
        Classification decided = new Classification(
                id,
                c.table(),
                c.column(),
                c.tag(),
                decision,
                c.share(),
                c.sampleSize(),
                c.evidence(),
                c.proposedAt(),
                actor,
                at,
                reason,
                applied);
        byId.put(id, decided);
        return decided;
    }

    @Override
    public synchronized Optional<LastScan> lastScan(TableRef table) {
        return Optional.ofNullable(scans.get(table));
    }

    @Override
    public synchronized void scanned(TableRef table, long snapshotId, Instant at) {
        scans.put(table, new LastScan(snapshotId, at));
    }

    public synchronized List<Classification> all() {
        return new ArrayList<>(byId.values());
    }
}
