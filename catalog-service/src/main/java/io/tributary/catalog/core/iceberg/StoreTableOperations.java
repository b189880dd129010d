package io.tributary.catalog.core.iceberg;

import io.tributary.catalog.core.dataset.ContractRules;
import io.tributary.catalog.core.dataset.DatasetEntry;
import io.tributary.catalog.core.iceberg.CatalogStore.Kind;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableMetadataParser.Codec;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileIO;

/**
 * A table's metadata lives in files written through {@link FileIO}; the store only points at the current one.
 * A commit writes the new file first and then moves the pointer by compare-and-swap.
 */
final class StoreTableOperations extends BaseMetastoreTableOperations {

    /**
     * Retries of a failed metadata read. Iceberg's default, 20 with exponential backoff, holds a request for about 90 s
     * when the file cannot be read at all (its storage is unreachable or unknown to this catalog); the S3 client already
     * retries transient errors underneath, and a missing file is never retried.
     */
    static final int METADATA_READ_RETRIES = 2;

    private final CatalogStore store;
    private final FileIO io;
    private final MetadataCache cache;
    private final CatalogRules rules;
    private final TableIdentifier identifier;
    private final String fullName;

    /** The file this instance wrote last: its location, JSON and length, for the cache once the commit lands. */
    private Written written;

    private record Written(String location, MetadataJson.Written json, long length) {}

    StoreTableOperations(
            CatalogStore store,
            FileIO io,
            MetadataCache cache,
            CatalogRules rules,
            TableIdentifier identifier,
            String fullName) {
        this.store = store;
        this.io = io;
        this.cache = cache;
        this.rules = rules;
        this.identifier = identifier;
        this.fullName = fullName;
    }

    @Override
    protected String tableName() {
        return fullName;
    }

    @Override
    public FileIO io() {
        return io;
    }

    @Override
    protected void doRefresh() {
        String location = store.metadataLocation(identifier, Kind.TABLE).orElse(null);
        if (location == null) {
            if (currentMetadataLocation() != null) {
                throw new NoSuchTableException("Table does not exist: %s", identifier);
            }
            disableRefresh();
            return;
        }
        // The location comes from the store on every refresh; only the parsing of its file is cached.
        refreshFromMetadataLocation(
                location,
                null,
                METADATA_READ_RETRIES,
                at -> cache.get(at, this::length, file -> TableMetadataParser.read(io, file)));
    }

    @Override
    protected void doCommit(TableMetadata base, TableMetadata metadata) {
        String newLocation = stage(base, metadata);
        boolean reused = reused(base, metadata, newLocation);
        MetadataPointer.move(
                store,
                io,
                identifier,
                Kind.TABLE,
                base == null ? null : base.metadataFileLocation(),
                newLocation,
                reused,
                CatalogEvent.forCommit(identifier, base, metadata),
                DatasetEntry.of(metadata));
        if (!reused) {
            committed(newLocation, metadata);
        }
    }

    /** Keeps what a landed commit wrote at {@code location}, so that answering it and the next load parse nothing. */
    void committed(String location, TableMetadata metadata) {
        Written file = written;
        if (file != null && file.location().equals(location)) {
            cache.committed(location, metadata, file.length(), file.json());
        }
    }

    /**
     * Writes the new metadata file as Iceberg's own writer names and compresses it
     * ({@code write.metadata.compression-codec}), and keeps its JSON: a table of 10,000 snapshots has 3 MB of it, which
     * the commit's answer and the next loads then use as it is instead of serializing the metadata again. The
     * snapshots the base version already had are not serialized again either ({@link MetadataJson}).
     */
    @Override
    protected String writeNewMetadata(TableMetadata metadata, int newVersion) {
        Codec codec = Codec.fromName(
                metadata.property(TableProperties.METADATA_COMPRESSION, TableProperties.METADATA_COMPRESSION_DEFAULT));
        String location = metadataFileLocation(
                metadata,
                String.format(
                        Locale.ROOT,
                        "%05d-%s%s",
                        newVersion,
                        UUID.randomUUID(),
                        TableMetadataParser.getFileExtension(codec)));
        MetadataJson.Written json =
                MetadataJson.write(metadata, cache.snapshotJson(currentMetadataLocation(), metadata.uuid()));
        CountingStream counted;
        try (OutputStream file = io.newOutputFile(location).createOrOverwrite()) {
            counted = new CountingStream(file);
            try (OutputStream out = codec == Codec.GZIP ? new GZIPOutputStream(counted) : counted) {
                out.write(json.json().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new RuntimeIOException(e, "Failed to write json to file: %s", location);
        }
        written = new Written(location, json, counted.count);
        return location;
    }

    /** Counts the bytes that reach the file. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        /** The file is closed by its own try block, once. */
        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /**
     * The file's length; -1 when it cannot be had (no such file, or storage that fails), which only means the cache
     * is not used: reading the file then fails as it would without the cache.
     */
    private long length(String location) {
        try {
            return io.newInputFile(location).getLength();
        } catch (RuntimeException e) {
            // S3's client reports a missing object as its own NoSuchKeyException, not Iceberg's NotFoundException.
            return -1;
        }
    }

    /**
     * Checks the new metadata against the catalog's rules and the table's compatibility mode, then writes its file;
     * returns the file's location.
     */
    String stage(TableMetadata base, TableMetadata metadata) {
        rules.checkMetadata(
                "table",
                metadata.properties(),
                metadata.location(),
                metadata.properties().get(TableProperties.WRITE_METADATA_LOCATION));
        ContractRules.check(identifier, base, metadata);
        return writeNewMetadataIfRequired(base == null, metadata);
    }

    /** Deletes a metadata file this commit wrote and no pointer will ever name. */
    void discard(TableMetadata base, TableMetadata metadata, String newLocation) {
        if (!reused(base, metadata, newLocation)) {
            io.deleteFile(newLocation);
        }
    }

    /** A registered table keeps the caller's metadata file: it was written by someone else and must stay. */
    private static boolean reused(TableMetadata base, TableMetadata metadata, String newLocation) {
        return base == null && newLocation.equals(metadata.metadataFileLocation());
    }
}
