package io.tributary.catalog.api.iceberg;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A warehouse directory of its own for the test run, removed afterwards. Tests may also place tables under the JVM's
 * temporary directory (Iceberg's suites use JUnit temp dirs), so that is an allowed location too.
 */
public class TemporaryWarehouse implements QuarkusTestResourceLifecycleManager {

    static final String PROPERTY = "tributary.test.warehouse-dir";

    private Path directory;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("tributary-warehouse-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String tmp = Path.of(System.getProperty("java.io.tmpdir"))
                .toAbsolutePath()
                .toUri()
                .toString();
        return Map.of(
                "tributary.warehouse",
                directory.toString(),
                PROPERTY,
                directory.toString(),
                "tributary.catalog.iceberg.allowed-locations",
                tmp);
    }

    @Override
    public void stop() {
        if (directory != null) {
            deleteContents(directory);
            try {
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Removes everything below {@code root}, keeping {@code root} itself. */
    static void deleteContents(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .filter(path -> !path.equals(root))
                    .forEach(path -> {
                        try {
                            Files.delete(path);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
