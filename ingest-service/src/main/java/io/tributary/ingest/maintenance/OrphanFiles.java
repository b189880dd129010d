package io.tributary.ingest.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Deletes files under the table's location that nothing of the table references (no snapshot's manifest list,
 * manifests or their data and delete files, no metadata file of the log, no statistics file) and that are older than
 * the policy's orphan age: a failed commit's files, a crashed writer's batch. Younger files may belong to a batch or
 * a commit in flight.
 */
final class OrphanFiles {

    private final Clock clock;

    OrphanFiles(Clock clock) {
        this.clock = clock;
    }

    Step run(Table table, MaintenancePolicy policy) {
        Map<String, Long> figures = new LinkedHashMap<>();
        FileIO io = table.io();
        if (!(io instanceof SupportsPrefixOperations listing)) {
            return Step.skipped(
                    "the table's storage cannot list files (" + io.getClass().getSimpleName() + ")", figures);
        }
        TableMetadata metadata = ((HasTableOperations) table).operations().refresh();
        if ("false"
                .equalsIgnoreCase(metadata.properties()
                        .getOrDefault(TableProperties.GC_ENABLED, "true")
                        .trim())) {
            return Step.skipped(TableProperties.GC_ENABLED + " is false: the table's files may be shared", figures);
        }
        long olderThan = clock.millis() - policy.orphanAge().toMillis();
        Set<String> referenced = referenced(table, metadata);
        String location = metadata.location().endsWith("/") ? metadata.location() : metadata.location() + "/";
        List<String> orphans = new ArrayList<>();
        long listed = 0;
        boolean sawCurrentMetadata = false;
        String currentMetadata = key(metadata.metadataFileLocation());
        for (FileInfo file : listing.listPrefix(location)) {
            listed++;
            String key = key(file.location());
            if (key.equals(currentMetadata)) {
                sawCurrentMetadata = true;
            }
            if (!referenced.contains(key)
                    && !referenced.contains(checksummed(key))
                    && file.createdAtMillis() < olderThan) {
                orphans.add(file.location());
            }
        }
        figures.put(ActionResult.FILES_LISTED, listed);
        figures.put(ActionResult.ORPHANS_FOUND, (long) orphans.size());
        if (metadata.metadataFileLocation() != null
                && currentMetadata.startsWith(key(location))
                && !sawCurrentMetadata) {
            // The listing names files differently from the metadata: deleting on that basis could delete live files.
            return Step.failed(
                    "the listing of " + location + " does not show the current metadata file "
                            + metadata.metadataFileLocation() + "; nothing was deleted",
                    figures);
        }
        long removed = 0;
        for (String orphan : orphans) {
            io.deleteFile(orphan);
            removed++;
        }
        figures.put(ActionResult.ORPHANS_REMOVED, removed);
        return Step.done("files unreferenced and older than " + policy.orphanAge(), figures);
    }

    /** Every file the table's metadata names, as comparison keys. */
    private static Set<String> referenced(Table table, TableMetadata metadata) {
        Set<String> keys = new HashSet<>();
        FileIO io = table.io();
        ReachableFileUtil.metadataFileLocations(table, false).forEach(path -> keys.add(key(path)));
        keys.add(key(ReachableFileUtil.versionHintLocation(table)));
        ReachableFileUtil.statisticsFilesLocations(table).forEach(path -> keys.add(key(path)));
        for (PartitionStatisticsFile stats : metadata.partitionStatisticsFiles()) {
            keys.add(key(stats.path()));
        }
        Set<String> manifests = new HashSet<>();
        for (Snapshot snapshot : metadata.snapshots()) {
            if (snapshot.manifestListLocation() != null) {
                keys.add(key(snapshot.manifestListLocation()));
            }
            for (ManifestFile manifest : snapshot.allManifests(io)) {
                if (!manifests.add(manifest.path())) {
                    continue;
                }
                keys.add(key(manifest.path()));
                try {
                    if (manifest.content() == ManifestContent.DATA) {
                        try (CloseableIterable<String> paths =
                                ManifestFiles.readPaths(manifest, io, metadata.specsById())) {
                            paths.forEach(path -> keys.add(key(path)));
                        }
                    } else {
                        try (CloseableIterable<DeleteFile> deletes =
                                ManifestFiles.readDeleteManifest(manifest, io, metadata.specsById())) {
                            deletes.forEach(file -> keys.add(key(file.location())));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return keys;
    }

    /** The file a Hadoop checksum file ({@code .name.crc}, beside a file on a local disk) belongs to, or "". */
    static String checksummed(String key) {
        int slash = key.lastIndexOf('/');
        String name = key.substring(slash + 1);
        if (name.startsWith(".") && name.endsWith(".crc") && name.length() > 5) {
            return key.substring(0, slash + 1) + name.substring(1, name.length() - 4);
        }
        return "";
    }

    /**
     * A location without scheme and authority, with single slashes: storage listings and metadata may spell one file
     * differently ({@code file:/x} and {@code file:///x}, {@code s3://} and {@code s3a://}).
     */
    static String key(String location) {
        if (location == null) {
            return "";
        }
        String path = location;
        try {
            URI uri = URI.create(location);
            if (uri.getScheme() != null && uri.getRawPath() != null) {
                path = uri.getPath();
            }
        } catch (IllegalArgumentException e) {
            int scheme = location.indexOf(":/");
            if (scheme > 0) {
                path = location.substring(scheme + 1);
                if (path.startsWith("//")) {
                    int slash = path.indexOf('/', 2);
                    path = slash < 0 ? "/" : path.substring(slash);
                }
            }
        }
        return path.replaceAll("/{2,}", "/");
    }
}
