package io.tributary.governance.core.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Precision and recall of every detector over the labelled corpus, against the goals 0.95 and 0.90. */
class PiiDetectorAccuracyTest {

    static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    static final double PRECISION_GOAL = 0.95;
    static final double RECALL_GOAL = 0.90;

    /** {@code errors}: a few misclassified samples, to show where a detector errs. */
    record Figures(
            String tag, int positives, int negatives, int truePositives, int falsePositives, List<String> errors) {
        double precision() {
            return truePositives + falsePositives == 0 ? 0 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return positives == 0 ? 0 : (double) truePositives / positives;
        }
    }

    static List<Figures> measure() {
        Map<String, List<PiiCorpus.Sample>> corpus = PiiCorpus.generate(PiiCorpus.SEED, TODAY);
        List<Figures> figures = new ArrayList<>();
        for (PiiDetector detector : PiiDetectors.standard(TODAY)) {
            int positives = 0;
            int negatives = 0;
            int tp = 0;
            int fp = 0;
            List<String> errors = new ArrayList<>();
            for (PiiCorpus.Sample sample : corpus.get(detector.tag())) {
                boolean matched = detector.matches(sample.column(), sample.value());
                if (sample.positive()) {
                    positives++;
                    tp += matched ? 1 : 0;
                } else {
                    negatives++;
                    fp += matched ? 1 : 0;
                }
                if (matched != sample.positive() && errors.size() < 5) {
                    errors.add(
                            (matched ? "false positive " : "false negative ") + sample.column() + "=" + sample.value());
                }
            }
            figures.add(new Figures(detector.tag(), positives, negatives, tp, fp, errors));
        }
        return figures;
    }

    static String table(List<Figures> figures) {
        StringBuilder s =
                new StringBuilder("| tag | positives | negatives | precision | recall |\n|---|---|---|---|---|\n");
        for (Figures f : figures) {
            s.append(String.format(
                    "| `%s` | %d | %d | %.4f | %.4f |%n",
                    f.tag(), f.positives(), f.negatives(), f.precision(), f.recall()));
        }
        for (Figures f : figures) {
            f.errors().forEach(e -> s.append(f.tag()).append(": ").append(e).append('\n'));
        }
        return s.toString();
    }

    @Test
    void everyDetectorMeetsThePrecisionAndRecallGoals() {
        List<Figures> figures = measure();
        System.out.print(table(figures));
        assertThat(figures).hasSize(8);
        for (Figures f : figures) {
            assertThat(f.positives()).as(f.tag()).isGreaterThanOrEqualTo(1000);
            assertThat(f.negatives()).as(f.tag()).isGreaterThanOrEqualTo(1000);
            assertThat(f.precision()).as(f.tag() + " precision").isGreaterThanOrEqualTo(PRECISION_GOAL);
            assertThat(f.recall()).as(f.tag() + " recall").isGreaterThanOrEqualTo(RECALL_GOAL);
        }
    }

    @Test
    void theCorpusIsTheSameEveryRun() {
        assertThat(PiiCorpus.generate(PiiCorpus.SEED, TODAY)).isEqualTo(PiiCorpus.generate(PiiCorpus.SEED, TODAY));
    }
}
