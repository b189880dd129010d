package io.tributary.ingest.maintenance;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;

/**
 * Rewrites the current snapshot's data manifests into as few as their target size allows, once there are more than
 * the policy's threshold: a commit every second leaves many small manifests that every query plan reads.
 */
final class ManifestRewrite {

    private ManifestRewrite() {}

    static Step run(Table table, MaintenancePolicy policy) {
        TableMetadata metadata = ((HasTableOperations) table).operations().refresh();
        Map<String, Long> figures = new LinkedHashMap<>();
        Snapshot current = metadata.currentSnapshot();
        if (current == null) {
            return Step.skipped("the table has no snapshot", figures);
        }
        int before = current.allManifests(table.io()).size();
        figures.put(ActionResult.MANIFESTS_BEFORE, (long) before);
        if (before <= policy.maxManifests()) {
            return Step.skipped(
                    before + " manifests, not more than the threshold of " + policy.maxManifests(), figures);
        }
        // One cluster per spec: the rewrite still splits it at commit.manifest.target-size-bytes.
        table.rewriteManifests()
                .clusterBy(file -> file.specId())
                .set(MaintenanceAction.SUMMARY_PROPERTY, MaintenanceAction.REWRITE_MANIFESTS.wireName())
                .commit();
        Snapshot after = ((HasTableOperations) table).operations().refresh().currentSnapshot();
        Snapshot rewritten = after;
        while (rewritten != null
                && !MaintenanceAction.REWRITE_MANIFESTS
                        .wireName()
                        .equals(rewritten.summary().get(MaintenanceAction.SUMMARY_PROPERTY))) {
            // The writer may have committed on top of it already.
            rewritten = rewritten.parentId() == null ? null : table.snapshot(rewritten.parentId());
        }
        long replaced = rewritten == null
                ? 0
                : Long.parseLong(rewritten.summary().getOrDefault(SnapshotSummary.REPLACED_MANIFESTS_COUNT, "0"));
        figures.put(ActionResult.MANIFESTS_REWRITTEN, replaced);
        figures.put(ActionResult.MANIFESTS_AFTER, (long)
                (rewritten == null ? after : rewritten).allManifests(table.io()).size());
        return Step.done("rewrote the data manifests", figures);
    }
}
