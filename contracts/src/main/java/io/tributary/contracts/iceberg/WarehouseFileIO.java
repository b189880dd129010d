package io.tributary.contracts.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.ResolvingFileIO;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * The warehouse's files: on local disk through {@code java.nio}, anything else ({@code s3://}) through Iceberg's
 * {@link ResolvingFileIO}. Hadoop's local file system, without its native library, starts a {@code chmod} process for
 * every file it creates and writes a {@code .crc} file beside it; with a commit every second per table that was most
 * of a commit's time. Locations keep the form they were given in.
 *
 * <p>Usable as a catalog client's {@code io-impl} (no-argument constructor, then {@link #initialize}).
 */
public class WarehouseFileIO implements FileIO, SupportsPrefixOperations, SupportsBulkOperations {

    private FileIO fallback;
    private Map<String, String> properties = Map.of();

    /** For {@code io-impl}: {@link #initialize} sets up the fallback for other schemes. */
    public WarehouseFileIO() {}

    /** Local files here, every other scheme through {@code fallback}. */
    public WarehouseFileIO(FileIO fallback) {
        this.fallback = fallback;
    }

    @Override
    public void initialize(Map<String, String> props) {
        this.properties = Map.copyOf(props);
        if (fallback == null) {
            ResolvingFileIO resolving = new ResolvingFileIO();
            resolving.setConf(new Configuration());
            resolving.initialize(props);
            fallback = resolving;
        }
    }

    @Override
    public InputFile newInputFile(String location) {
        Path path = path(location);
        return path == null ? fallback().newInputFile(location) : new LocalInput(location, path);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        Path path = path(location);
        return path == null ? fallback().newOutputFile(location) : new LocalOutput(location, path);
    }

    /** Also removes the checksum file Hadoop's local file system wrote beside files it created. */
    @Override
    public void deleteFile(String location) {
        Path path = path(location);
        if (path == null) {
            fallback().deleteFile(location);
            return;
        }
        try {
            Files.deleteIfExists(path);
            Path parent = path.getParent();
            if (parent != null) {
                Files.deleteIfExists(parent.resolve("." + path.getFileName() + ".crc"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + location, e);
        }
    }

    @Override
    public void deleteFiles(Iterable<String> locations) throws BulkDeletionFailureException {
        List<String> remote = new ArrayList<>();
        int failed = 0;
        for (String location : locations) {
            if (path(location) == null) {
                remote.add(location);
                continue;
            }
            try {
                deleteFile(location);
            } catch (UncheckedIOException e) {
                failed++;
            }
        }
        if (!remote.isEmpty()) {
            if (fallback() instanceof SupportsBulkOperations bulk) {
                bulk.deleteFiles(remote);
            } else {
                remote.forEach(fallback()::deleteFile);
            }
        }
        if (failed > 0) {
            throw new BulkDeletionFailureException(failed);
        }
    }

    /** Every file under the prefix (a directory, for local files), with its size and modification time. */
    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
        Path root = path(prefix);
        if (root == null) {
            return prefixOps().listPrefix(prefix);
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        List<FileInfo> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                try {
                    String relative = root.relativize(file).toString().replace('\\', '/');
                    files.add(new FileInfo(
                            base + "/" + relative,
                            Files.size(file),
                            Files.getLastModifiedTime(file).toMillis()));
                } catch (IOException e) {
                    // Deleted while listed: not there any more.
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + prefix, e);
        }
        return files;
    }

    @Override
    public void deletePrefix(String prefix) {
        Path root = path(prefix);
        if (root == null) {
            prefixOps().deletePrefix(prefix);
            return;
        }
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file :
                    walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + prefix, e);
        }
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public void close() {
        if (fallback != null) {
            fallback.close();
        }
    }

    private FileIO fallback() {
        if (fallback == null) {
            throw new IllegalStateException("WarehouseFileIO used before initialize()");
        }
        return fallback;
    }

    private SupportsPrefixOperations prefixOps() {
        if (fallback() instanceof SupportsPrefixOperations prefixes) {
            return prefixes;
        }
        throw new UnsupportedOperationException(fallback().getClass().getSimpleName() + " cannot list by prefix");
    }

    /**
     * The file a {@code file:} URI or a plain path names, taken literally as Hadoop's {@code Path} does (no percent
     * decoding); null for any other scheme.
     */
    public static Path path(String location) {
        String rest = location;
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
            if (rest.startsWith("//")) {
                int slash = rest.indexOf('/', 2);
                rest = slash < 0 ? "/" : rest.substring(slash);
            }
        } else if (rest.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null;
        }
        return Path.of(rest);
    }

    private record LocalInput(String location, Path path) implements InputFile {

        @Override
        public long getLength() {
            try {
                return Files.size(path);
            } catch (NoSuchFileException e) {
                throw new NotFoundException(e, "File does not exist: %s", location);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the length of " + location, e);
            }
        }

        /** A missing file answers as Iceberg's own input files do, naming the location it was asked for. */
        @Override
        public SeekableInputStream newStream() {
            if (!Files.isRegularFile(path)) {
                throw new NotFoundException("Failed to open input stream for file: %s", location);
            }
            return org.apache.iceberg.Files.localInput(path.toFile()).newStream();
        }

        @Override
        public boolean exists() {
            return Files.exists(path);
        }
    }

    private record LocalOutput(String location, Path path) implements OutputFile {

        @Override
        public PositionOutputStream create() {
            return org.apache.iceberg.Files.localOutput(path.toFile()).create();
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            return org.apache.iceberg.Files.localOutput(path.toFile()).createOrOverwrite();
        }

        @Override
        public InputFile toInputFile() {
            return new LocalInput(location, path);
        }
    }
}
