package io.tributary.ingest;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.types.Types;

/**
 * Writes the static contract file every {@code @QuarkusTest} of this module runs with. Its namespace is new on each
 * run ({@code it_<random>}), so topics from earlier runs never mix with this one's.
 */
public class IngestTestContracts implements QuarkusTestResourceLifecycleManager {

    private static final String NAMESPACE_PROPERTY = "tributary.test.ingest-namespace";

    public static final Schema ORDERS = new Schema(
            required(1, "order_id", Types.LongType.get()),
            required(2, "customer", Types.StringType.get()),
            required(3, "amount", Types.DecimalType.of(10, 2)),
            optional(4, "placed_at", Types.TimestampType.withZone()),
            optional(5, "tags", Types.ListType.ofOptional(6, Types.StringType.get())),
            optional(7, "shipping", Types.StructType.of(
                    required(8, "city", Types.StringType.get()),
                    optional(9, "zip", Types.StringType.get()))));

    public static final Schema READINGS = new Schema(
            required(1, "sensor", Types.UUIDType.get()),
            required(2, "at", Types.TimestampType.withoutZone()),
            optional(3, "values", Types.MapType.ofOptional(4, 5, Types.StringType.get(), Types.DoubleType.get())));

    public static String namespace() {
        String namespace = System.getProperty(NAMESPACE_PROPERTY);
        if (namespace == null) {
            namespace = "it_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            System.setProperty(NAMESPACE_PROPERTY, namespace);
        }
        return namespace;
    }

    @Override
    public Map<String, String> start() {
        String namespace = namespace();
        String contracts = """
                {"contracts": [
                  {"namespace": "%1$s", "table": "orders", "version": 3, "key": "order_id", "schema": %2$s},
                  {"namespace": "%1$s", "table": "ledger", "version": 1, "key": "order_id", "schema": %2$s},
                  {"namespace": "%1$s", "table": "readings", "version": 1, "schema": %3$s}
                ]}""".formatted(namespace, SchemaParser.toJson(ORDERS), SchemaParser.toJson(READINGS));
        try {
            Path file = Files.createDirectories(Path.of("target", "test-contracts")).resolve(namespace + ".json");
            Files.writeString(file, contracts);
            return Map.of("tributary.ingest.contracts.static.path", file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
