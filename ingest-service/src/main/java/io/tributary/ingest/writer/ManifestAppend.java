package io.tributary.ingest.writer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.OutputFile;

/**
 * Adds a batch's data files to an append through a manifest written on the calling thread.
 *
 * <p>{@code AppendFiles.appendFile} has Iceberg write the new files' manifest on its shared worker pool, and the
 * committing thread checks that pool every 10 ms: each commit waited about 10 ms for a manifest of a few entries.
 * Written here, nothing waits. The snapshot is the one {@code appendFile} gives: the entries inherit the snapshot's id
 * and sequence number when it is committed (format version 2), and the summary gets what Iceberg does not count for
 * an appended manifest (the files' size, the partitions changed and their summaries), from the files themselves.
 * Tables of another format version take the files one by one, as before.
 */
public final class ManifestAppend {

    private ManifestAppend() {}

    public static void addFiles(AppendFiles append, TableOperations ops, TableMetadata base, List<DataFile> files) {
        if (base.formatVersion() != 2 || files.isEmpty()) {
            files.forEach(append::appendFile);
            return;
        }
        Map<Integer, List<DataFile>> bySpec = new LinkedHashMap<>();
        for (DataFile file : files) {
            bySpec.computeIfAbsent(file.specId(), spec -> new ArrayList<>()).add(file);
        }
        SnapshotSummary.Builder counted = SnapshotSummary.builder();
        counted.setPartitionSummaryLimit(base.propertyAsInt(
                TableProperties.WRITE_PARTITION_SUMMARY_LIMIT, TableProperties.WRITE_PARTITION_SUMMARY_LIMIT_DEFAULT));
        // The codec and level Iceberg's own manifest writer takes from the table.
        Map<String, String> writerProperties = new HashMap<>();
        writerProperties.put(
                TableProperties.AVRO_COMPRESSION,
                base.property(TableProperties.MANIFEST_COMPRESSION, TableProperties.MANIFEST_COMPRESSION_DEFAULT));
        String level = base.property(
                TableProperties.MANIFEST_COMPRESSION_LEVEL, TableProperties.MANIFEST_COMPRESSION_LEVEL_DEFAULT);
        if (level != null) {
            writerProperties.put(TableProperties.AVRO_COMPRESSION_LEVEL, level);
        }
        String prefix = UUID.randomUUID().toString();
        int n = 0;
        for (Map.Entry<Integer, List<DataFile>> group : bySpec.entrySet()) {
            PartitionSpec spec = base.spec(group.getKey());
            OutputFile out =
                    ops.io().newOutputFile(ops.metadataFileLocation(FileFormat.AVRO.addExtension(prefix + "-m" + n++)));
            ManifestWriter<DataFile> writer = ManifestFiles.write(2, spec, out, null, writerProperties);
            try (writer) {
                for (DataFile file : group.getValue()) {
                    writer.add(file);
                    counted.addedFile(spec, file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("writing the manifest " + out.location(), e);
            }
            append.appendManifest(writer.toManifestFile());
        }
        counted.build().forEach((key, value) -> {
            if (key.equals(SnapshotSummary.ADDED_FILE_SIZE_PROP)
                    || key.equals(SnapshotSummary.CHANGED_PARTITION_COUNT_PROP)
                    || key.equals(SnapshotSummary.PARTITION_SUMMARY_PROP)
                    || key.startsWith(SnapshotSummary.CHANGED_PARTITION_PREFIX)) {
                append.set(key, value);
            }
        });
    }
}
