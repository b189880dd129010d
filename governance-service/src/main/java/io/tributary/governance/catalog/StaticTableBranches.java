package io.tributary.governance.catalog;

import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.quality.TableBranches;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Audit branches kept in memory, beside a static catalog (tests and tools): nothing is ever published. */
public final class StaticTableBranches implements TableBranches {

    private final Map<TableRef, String> branches = new ConcurrentHashMap<>();

    @Override
    public Optional<String> auditBranch(TableRef table) {
        return Optional.ofNullable(branches.get(table));
    }

    @Override
    public void useAuditBranch(TableRef table, String branch) {
        branches.put(table, branch);
    }

    @Override
    public Published publish(TableRef table, String branch, long snapshotId) {
        return new Published(snapshotId, -1, "refused: a static catalog publishes nothing");
    }
}
