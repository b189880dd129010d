package io.tributary.catalog.core.iceberg;

import io.tributary.contracts.iceberg.WarehouseFileIO;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.ResolvingFileIO;

/**
 * Where table and view metadata live, and the {@link FileIO} that reads and writes it: a directory on local disk, or an
 * S3 bucket (AWS or any S3-compatible store) through Iceberg's {@code S3FileIO}.
 *
 * @param location         the warehouse root, without a trailing slash: {@code file:/...} or {@code s3://bucket/prefix}
 * @param io               the file IO the catalog writes metadata with
 * @param clientProperties what Iceberg clients need to reach the same storage, minus any secret; served to them as
 *                         catalog defaults by {@code GET /iceberg/v1/config}
 */
public record WarehouseStorage(String location, FileIO io, Map<String, String> clientProperties) {

    /** The kinds {@code tributary.storage} may name. */
    public enum Kind {
        LOCAL,
        S3
    }

    public WarehouseStorage {
        location = stripSlash(location);
        clientProperties = Map.copyOf(clientProperties);
    }

    /** A warehouse directory on local disk; a relative path is resolved against the working directory. */
    public static WarehouseStorage local(String directory) {
        // Metadata files through java.nio: Hadoop's local file system starts a chmod process per file it creates.
        HadoopFileIO hadoop = new HadoopFileIO(new Configuration());
        hadoop.initialize(Map.of());
        return new WarehouseStorage(localLocation(directory), new WarehouseFileIO(hadoop), Map.of());
    }

    /** A warehouse in S3 under {@code s3://bucket/prefix}. */
    public static WarehouseStorage s3(S3Settings settings) {
        if (!settings.warehouse().startsWith("s3://") || settings.warehouse().length() <= "s3://".length()) {
            throw new IllegalArgumentException(
                    "An S3 warehouse is an s3://bucket[/prefix] URI, not '" + settings.warehouse() + "'");
        }
        Map<String, String> client = new LinkedHashMap<>();
        settings.endpoint().ifPresent(endpoint -> client.put("s3.endpoint", endpoint));
        client.put("s3.path-style-access", Boolean.toString(settings.pathStyleAccess()));
        client.put("client.region", settings.region());
        Map<String, String> server = new LinkedHashMap<>(client);
        // The JDK's HTTP client: one dependency less than Apache's, and enough for metadata-sized objects.
        server.put("http-client.type", "urlconnection");
        settings.accessKey().ifPresent(key -> server.put("s3.access-key-id", key));
        settings.secretKey().ifPresent(secret -> server.put("s3.secret-access-key", secret));
        // By scheme: s3:// through S3FileIO, and file: (an allowed location on local disk) through HadoopFileIO.
        ResolvingFileIO io = new ResolvingFileIO();
        io.setConf(new Configuration());
        io.initialize(server);
        return new WarehouseStorage(settings.warehouse(), io, client);
    }

    /**
     * How to reach an S3 warehouse. Without keys the AWS SDK's default credential chain applies (environment, profile,
     * instance role).
     */
    public record S3Settings(
            String warehouse,
            Optional<String> endpoint,
            String region,
            boolean pathStyleAccess,
            Optional<String> accessKey,
            Optional<String> secretKey) {}

    /** A plain path (relative to the working directory) becomes a {@code file:} URI; URIs stay as they are. */
    static String localLocation(String warehouse) {
        if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return warehouse;
        }
        return Path.of(warehouse).toAbsolutePath().normalize().toUri().toString();
    }

    private static String stripSlash(String location) {
        return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    }
}
