package io.tributary.query.iceberg;

import io.tributary.query.core.QueryException;
import io.tributary.query.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.io.FileIO;
import org.jboss.logging.Logger;

/**
 * Local files are read where they are; remote ones (an S3 warehouse: DuckDB here has no S3 client) are copied
 * through the table's FileIO into a bounded cache directory, kept while their size matches the metadata, and the
 * least recently used evicted once the cache is over its size.
 */
public final class CachingFileLocator implements FileLocator {

    private static final Logger LOG = Logger.getLogger(CachingFileLocator.class);

    private final Path directory;
    private final long maxBytes;
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;

    public CachingFileLocator(Path directory, long maxBytes) {
        this.directory = directory.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(this.directory);
            try (Stream<Path> stale = Files.list(this.directory)) {
                stale.forEach(CachingFileLocator::deleteQuietly);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The file cache " + this.directory + " cannot be prepared", e);
        }
    }

    @Override
    public String localPath(FileIO io, String location, long sizeBytes) {
        if (location.startsWith("/")) {
            return location;
        }
        if (location.startsWith("file:")) {
            return Path.of(URI.create(location.startsWith("file://") ? location : "file://" + location.substring(5)))
                    .toString();
        }
        String name = Sha256.hex(location) + ".parquet";
        Path cached = directory.resolve(name);
        synchronized (entries) {
            Long size = entries.get(name);
            if (size != null && size == sizeBytes && Files.isRegularFile(cached)) {
                return cached.toString();
            }
        }
        Path partial = directory.resolve(name + "." + Thread.currentThread().getId() + ".part");
        try (InputStream in = io.newInputFile(location, sizeBytes).newStream()) {
            long copied = Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            if (copied != sizeBytes) {
                deleteQuietly(partial);
                throw new QueryException(
                        QueryException.Reason.UNAVAILABLE,
                        "A data file's size differs from the" + " table's metadata (" + copied + " bytes, not "
                                + sizeBytes + ").");
            }
            Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(partial);
            throw new QueryException(
                    QueryException.Reason.UNAVAILABLE, "A data file cannot be fetched from the" + " warehouse.", e);
        }
        synchronized (entries) {
            Long previous = entries.put(name, sizeBytes);
            totalBytes += sizeBytes - (previous == null ? 0 : previous);
            evict(name);
        }
        return cached.toString();
    }

    private void evict(String keep) {
        Iterator<Map.Entry<String, Long>> oldest = entries.entrySet().iterator();
        while (totalBytes > maxBytes && oldest.hasNext()) {
            Map.Entry<String, Long> entry = oldest.next();
            if (entry.getKey().equals(keep)) {
                continue;
            }
            deleteQuietly(directory.resolve(entry.getKey()));
            totalBytes -= entry.getValue();
            oldest.remove();
            LOG.debugf("Evicted %s from the file cache", entry.getKey());
        }
    }

    /** Bytes held, for tests and metrics. */
    public long cachedBytes() {
        synchronized (entries) {
            return totalBytes;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debugf("Cannot delete %s: %s", path, e.getMessage());
        }
    }
}
