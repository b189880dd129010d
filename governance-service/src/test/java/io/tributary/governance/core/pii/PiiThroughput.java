package io.tributary.governance.core.pii;

import java.util.List;
import java.util.Map;

/**
 * Values per second through each detector over its corpus, next to {@code String.length()} over the same values in
 * the same run. Run: {@code ./mvnw -B -q -o -pl governance-service test-compile
 * org.codehaus.mojo:exec-maven-plugin:3.7.0:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tributary.governance.core.pii.PiiThroughput}.
 */
public final class PiiThroughput {

    private static final int ROUNDS = 5;
    private static final long ROUND_NANOS = 1_000_000_000L;

    private PiiThroughput() {}

    public static void main(String[] args) {
        Map<String, List<PiiCorpus.Sample>> corpus = PiiCorpus.generate(PiiCorpus.SEED, PiiDetectorAccuracyTest.TODAY);
        System.out.println("| detector | values/s | ns/value | String.length() values/s | time / String.length() |");
        System.out.println("|---|---|---|---|---|");
        for (PiiDetector detector : PiiDetectors.standard(PiiDetectorAccuracyTest.TODAY)) {
            List<PiiCorpus.Sample> samples = corpus.get(detector.tag());
            String[] columns = samples.stream().map(PiiCorpus.Sample::column).toArray(String[]::new);
            String[] values = samples.stream().map(PiiCorpus.Sample::value).toArray(String[]::new);
            // warm-up, then the best of several rounds for each
            measure(detector, columns, values);
            measureBaseline(values);
            double best = 0;
            double baseline = 0;
            for (int round = 0; round < ROUNDS; round++) {
                best = Math.max(best, measure(detector, columns, values));
                baseline = Math.max(baseline, measureBaseline(values));
            }
            System.out.printf(
                    "| `%s` | %,.0f | %.0f | %,.0f | %.0f× |%n",
                    detector.tag(), best, 1e9 / best, baseline, baseline / best);
        }
    }

    /** Keeps the JIT from dropping the loops whose results nobody reads. */
    static long blackhole;

    private static double measure(PiiDetector detector, String[] columns, String[] values) {
        long count = 0;
        long matches = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (int i = 0; i < values.length; i++) {
                matches += detector.matches(columns[i], values[i]) ? 1 : 0;
            }
            count += values.length;
            elapsed = System.nanoTime() - start;
        } while (elapsed < ROUND_NANOS);
        blackhole += matches;
        return count * 1e9 / elapsed;
    }

    private static double measureBaseline(String[] values) {
        long count = 0;
        long total = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (int i = 0; i < values.length; i++) {
                total += values[i].length();
            }
            count += values.length;
            elapsed = System.nanoTime() - start;
        } while (elapsed < ROUND_NANOS);
        blackhole += total;
        return count * 1e9 / elapsed;
    }
}
