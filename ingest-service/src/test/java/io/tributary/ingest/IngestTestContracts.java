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
            optional(
                    7,
                    "shipping",
                    Types.StructType.of(
                            required(8, "city", Types.StringType.get()), optional(9, "zip", Types.StringType.get()))));

    public static final Schema READINGS = new Schema(
            required(1, "sensor", Types.UUIDType.get()),
            required(2, "at", Types.TimestampType.withoutZone()),
            optional(3, "values", Types.MapType.ofOptional(4, 5, Types.StringType.get(), Types.DoubleType.get())));

    /** Every type a producer can send, for the hostile-input corpus. */
    public static final Schema EVERYTHING = new Schema(
            required(1, "b", Types.BooleanType.get()),
            required(2, "i", Types.IntegerType.get()),
            required(3, "l", Types.LongType.get()),
            required(4, "f", Types.FloatType.get()),
            required(5, "d", Types.DoubleType.get()),
            required(6, "dec", Types.DecimalType.of(9, 2)),
            required(7, "day", Types.DateType.get()),
            required(8, "t", Types.TimeType.get()),
            required(9, "ts", Types.TimestampType.withoutZone()),
            required(10, "tstz", Types.TimestampType.withZone()),
            required(11, "s", Types.StringType.get()),
            required(12, "u", Types.UUIDType.get()),
            required(13, "fx", Types.FixedType.ofLength(4)),
            required(14, "bin", Types.BinaryType.get()),
            required(15, "st", Types.StructType.of(required(16, "x", Types.IntegerType.get()))),
            required(17, "li", Types.ListType.ofRequired(18, Types.IntegerType.get())),
            required(19, "m", Types.MapType.ofRequired(20, 21, Types.DateType.get(), Types.IntegerType.get())));

    /** The table whose contract a test changes while the service runs (see ContractRefreshTest). */
    public static final Schema EVOLVING_V1 = new Schema(required(1, "id", Types.LongType.get()));

    public static final Schema EVOLVING_V2 =
            new Schema(required(1, "id", Types.LongType.get()), optional(2, "note", Types.StringType.get()));

    /** The client id of {@code TestTokens.withRoles("orders-app", …)}: the producer most tables admit. */
    public static final String PRODUCER = "orders-app";

    public static String namespace() {
        String namespace = System.getProperty(NAMESPACE_PROPERTY);
        if (namespace == null) {
            namespace = "it_"
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            System.setProperty(NAMESPACE_PROPERTY, namespace);
        }
        return namespace;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path file = file();
            Files.createDirectories(file.getParent());
            Files.writeString(file, contracts(EVOLVING_V1, true));
            return Map.of(
                    "tributary.ingest.contracts.static.path",
                    file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path file() {
        return Path.of("target", "test-contracts", namespace() + ".json");
    }

    /**
     * The contract file: {@code orders}, {@code ledger}, {@code readings} and {@code everything} admit
     * {@value #PRODUCER}; {@code guarded} admits only {@code billing-app}; {@code closed} names no producers;
     * {@code open} admits any data producer; {@code evolving} has the given schema, or is absent.
     */
    public static String contracts(Schema evolving, boolean evolvingExists) {
        return """
                {"contracts": [
                  {"namespace": "%1$s", "table": "orders", "version": 3, "key": "order_id", "producers": ["orders-app"], "schema": %2$s},
                  {"namespace": "%1$s", "table": "ledger", "version": 1, "key": "order_id", "producers": ["orders-app"], "schema": %2$s},
                  {"namespace": "%1$s", "table": "readings", "version": 1, "producers": ["orders-app"], "schema": %3$s},
                  {"namespace": "%1$s", "table": "everything", "version": 1, "producers": ["orders-app"], "schema": %4$s},
                  {"namespace": "%1$s", "table": "guarded", "version": 1, "producers": ["billing-app"], "schema": %2$s},
                  {"namespace": "%1$s", "table": "closed", "version": 1, "schema": %2$s},
                  {"namespace": "%1$s", "table": "open", "version": 1, "producers": ["*"], "schema": %2$s}%5$s
                ]}""".formatted(
                        namespace(),
                        SchemaParser.toJson(ORDERS),
                        SchemaParser.toJson(READINGS),
                        SchemaParser.toJson(EVERYTHING),
                        evolvingExists
                                ? """
                ,
                  {"namespace": "%s", "table": "evolving", "version": %d, "producers": ["*"], "schema": %s}""".formatted(namespace(), evolving.columns().size(), SchemaParser.toJson(evolving))
                                : "");
    }

    @Override
    public void stop() {}
}
