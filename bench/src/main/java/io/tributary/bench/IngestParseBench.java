package io.tributary.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tributary.ingest.core.BatchValidator;
import io.tributary.ingest.core.IngestContract;
import io.tributary.ingest.core.IngestJson;
import io.tributary.ingest.core.IngestLimits;
import io.tributary.ingest.core.IngestMode;
import io.tributary.ingest.core.RecordJson;
import io.tributary.ingest.core.RecordValidator;
import io.tributary.ingest.core.TableId;
import io.tributary.ingest.core.ValidatedBatch;
import io.tributary.ingest.core.Validation;
import io.tributary.ingest.core.body.BodyFormat;
import io.tributary.ingest.core.body.ParsedRecord;
import io.tributary.ingest.core.body.RecordReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * In-process CPU cost of the producer API's body path, per record: reading a body of 1 KB records (JSON array,
 * NDJSON, CSV), checking each against its contract and encoding its Kafka value. Two paths over the same bodies in
 * the same run: {@code tree} reads every record into a JSON tree, validates the tree into generic values and encodes
 * those again ({@link RecordReader} + {@link RecordValidator} + {@link RecordJson}); {@code ingest} is what the
 * service runs ({@link BatchValidator}). The baseline is a bare Jackson streaming read of the same JSON bytes.
 *
 * <p>Paths run in alternating rounds after a warm-up, and the medians are reported. Settings (environment):
 * {@code BENCH_RECORDS} per body (500), {@code BENCH_ROUNDS} (7), {@code BENCH_ROUND_MS} (1500), {@code BENCH_WARMUP_MS}
 * (4000 per path).
 */
public final class IngestParseBench {

    private static final int RECORD_BYTES = 1024;
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "at", Types.TimestampType.withZone()),
            Types.NestedField.optional(3, "customer", Types.StringType.get()),
            Types.NestedField.optional(4, "quantity", Types.IntegerType.get()),
            Types.NestedField.optional(5, "amount", Types.DecimalType.of(12, 2)),
            Types.NestedField.optional(6, "ratio", Types.DoubleType.get()),
            Types.NestedField.optional(7, "paid", Types.BooleanType.get()),
            Types.NestedField.optional(8, "day", Types.DateType.get()),
            Types.NestedField.optional(
                    9,
                    "shipping",
                    Types.StructType.of(
                            Types.NestedField.optional(10, "city", Types.StringType.get()),
                            Types.NestedField.optional(11, "zip", Types.StringType.get()))),
            Types.NestedField.optional(12, "tags", Types.ListType.ofOptional(13, Types.StringType.get())),
            Types.NestedField.optional(14, "payload", Types.StringType.get()));
    private static final IngestContract CONTRACT =
            new IngestContract(new TableId("bench", "parse"), 1, SCHEMA, "customer");

    private IngestParseBench() {}

    public static void main(String[] args) throws IOException {
        int records = Integer.parseInt(Env.get("BENCH_RECORDS", "500"));
        int rounds = Integer.parseInt(Env.get("BENCH_ROUNDS", "7"));
        long roundNanos = Long.parseLong(Env.get("BENCH_ROUND_MS", "1500")) * 1_000_000L;
        long warmupNanos = Long.parseLong(Env.get("BENCH_WARMUP_MS", "4000")) * 1_000_000L;

        IngestLimits limits = IngestLimits.DEFAULTS;
        BatchValidator ingest = new BatchValidator(limits);
        RecordValidator validator = new RecordValidator(limits.validation());
        JsonMapper json = IngestJson.mapper(limits.validation().maxDepth());
        JsonFactory factory = json.getFactory();

        System.out.printf(
                "%d records of about %d bytes per body, %d rounds of %d ms after %d ms of warm-up per path; medians%n",
                records, RECORD_BYTES, rounds, roundNanos / 1_000_000, warmupNanos / 1_000_000);
        System.out.println("| body | bare Jackson read µs/record | tree path µs/record | ingest path µs/record "
                + "| tree / ingest | ingest / bare read |");
        System.out.println("|---|---|---|---|---|---|");
        for (BodyFormat format : BodyFormat.values()) {
            byte[] body = body(format, records);
            byte[] jsonBody = body(BodyFormat.JSON, records);
            check(format, body, records, ingest, validator, json);
            Path bare = () -> {
                try (JsonParser parser = factory.createParser(jsonBody)) {
                    long tokens = 0;
                    while (parser.nextToken() != null) {
                        tokens++;
                    }
                    return tokens;
                }
            };
            Path tree = () -> tree(format, body, validator, json);
            Path pass = () -> ingest.validate(new ByteArrayInputStream(body), format, CONTRACT, IngestMode.STRICT)
                    .acceptedCount();
            Path[] paths = {bare, tree, pass};
            for (Path path : paths) {
                run(path, warmupNanos);
            }
            double[][] perRecord = new double[paths.length][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int p = 0; p < paths.length; p++) {
                    perRecord[p][round] = run(paths[p], roundNanos) / records / 1000.0;
                }
            }
            double bareMedian = median(perRecord[0]);
            double treeMedian = median(perRecord[1]);
            double passMedian = median(perRecord[2]);
            System.out.printf(
                    "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                    format.mediaType(),
                    bareMedian,
                    treeMedian,
                    passMedian,
                    treeMedian / passMedian,
                    passMedian / bareMedian);
        }
    }

    /** One run of a path over a whole body; returns something derived from the work so that it is not elided. */
    @FunctionalInterface
    private interface Path {
        long once() throws IOException;
    }

    private static long sink;

    /** Nanoseconds per body, running the path for at least {@code nanos}. */
    private static double run(Path path, long nanos) throws IOException {
        long start = System.nanoTime();
        long end = start + nanos;
        long runs = 0;
        long now;
        do {
            sink += path.once();
            runs++;
            now = System.nanoTime();
        } while (now < end);
        return (double) (now - start) / runs;
    }

    private static long tree(BodyFormat format, byte[] body, RecordValidator validator, JsonMapper json)
            throws IOException {
        RecordReader reader = format.open(new ByteArrayInputStream(body), SCHEMA, json, 32);
        long bytes = 0;
        for (ParsedRecord record = reader.next(); record != null; record = reader.next()) {
            Validation validation = validator.validate(record.value(), SCHEMA, record.form());
            byte[] value = RecordJson.write(validation.value());
            Object key = CONTRACT.keyValue(validation.value());
            bytes += value.length
                    + (key == null
                            ? 0
                            : RecordJson.text(CONTRACT.keyType(), key).length());
        }
        return bytes;
    }

    /** Both paths must accept every record and publish the same bytes, or the comparison means nothing. */
    private static void check(
            BodyFormat format,
            byte[] body,
            int records,
            BatchValidator ingest,
            RecordValidator validator,
            JsonMapper json)
            throws IOException {
        ValidatedBatch batch = ingest.validate(new ByteArrayInputStream(body), format, CONTRACT, IngestMode.STRICT);
        if (batch.acceptedCount() != records) {
            throw new IllegalStateException(format + ": " + batch.errors(5));
        }
        RecordReader reader = format.open(new ByteArrayInputStream(body), SCHEMA, json, 32);
        List<byte[]> expected = new ArrayList<>();
        for (ParsedRecord record = reader.next(); record != null; record = reader.next()) {
            expected.add(RecordJson.write(
                    validator.validate(record.value(), SCHEMA, record.form()).value()));
        }
        for (int i = 0; i < records; i++) {
            if (!Arrays.equals(expected.get(i), batch.accepted().get(i).value())) {
                throw new IllegalStateException(format + ": record " + i + " differs between the paths");
            }
        }
    }

    private static byte[] body(BodyFormat format, int records) {
        StringBuilder out = new StringBuilder(records * (RECORD_BYTES + 8));
        if (format == BodyFormat.JSON) {
            out.append('[');
        } else if (format == BodyFormat.CSV) {
            out.append("id,at,customer,quantity,amount,ratio,paid,day,shipping,tags,payload\r\n");
        }
        for (int i = 0; i < records; i++) {
            if (format == BodyFormat.CSV) {
                out.append(csvRow(i)).append("\r\n");
            } else {
                out.append(format == BodyFormat.JSON && i > 0 ? ",\n" : "")
                        .append(jsonRecord(i))
                        .append(format == BodyFormat.NDJSON ? "\n" : "");
            }
        }
        if (format == BodyFormat.JSON) {
            out.append(']');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonRecord(int i) {
        String head = "{\"id\":" + (1_000_000L + i) + ",\"at\":\"2026-01-01T00:00:" + two(i % 60)
                + ".123456+02:00\",\"customer\":\"customer-" + (i % 97) + "\",\"quantity\":" + (i % 1000)
                + ",\"amount\":" + (i % 5000) + "." + two(i % 100) + ",\"ratio\":0." + (i % 9973) + ",\"paid\":"
                + (i % 2 == 0) + ",\"day\":\"2026-01-" + two(1 + i % 28)
                + "\",\"shipping\":{\"city\":\"Lyon\",\"zip\":\"690" + two(i % 100)
                + "\"},\"tags\":[\"a\",\"b\",\"c\"],\"payload\":\"";
        return head + payload(RECORD_BYTES - head.length() - 2) + "\"}";
    }

    private static String csvRow(int i) {
        String head = (1_000_000L + i) + ",2026-01-01T00:00:" + two(i % 60) + ".123456+02:00,customer-" + (i % 97)
                + "," + (i % 1000) + "," + (i % 5000) + "." + two(i % 100) + ",0." + (i % 9973) + "," + (i % 2 == 0)
                + ",2026-01-" + two(1 + i % 28) + ",\"{\"\"city\"\":\"\"Lyon\"\",\"\"zip\"\":\"\"690" + two(i % 100)
                + "\"\"}\",\"[\"\"a\"\",\"\"b\"\",\"\"c\"\"]\",";
        return head + payload(RECORD_BYTES - head.length());
    }

    private static String payload(int length) {
        StringBuilder text = new StringBuilder(length);
        String words = "lorem ipsum dolor sit amet consectetur adipiscing elit ";
        while (text.length() < length) {
            text.append(words);
        }
        text.setLength(Math.max(length, 0));
        return text.toString();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
