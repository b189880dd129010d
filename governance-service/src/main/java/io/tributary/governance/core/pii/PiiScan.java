package io.tributary.governance.core.pii;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Proposes tags for one column from its name and a sample of its values. Null and blank values are not counted. A
 * detector that reads values proposes its tag when at least {@code threshold} of a sample of at least
 * {@code minSamples} values match; one that goes by the column name alone proposes whenever the name matches.
 */
public final class PiiScan {

    public static final double DEFAULT_THRESHOLD = 0.8;
    public static final int DEFAULT_MIN_SAMPLES = 10;
    static final int EXAMPLES = 5;

    private final List<PiiDetector> detectors;
    private final double threshold;
    private final int minSamples;

    public PiiScan(List<PiiDetector> detectors, double threshold, int minSamples) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, was " + minSamples);
        }
        this.detectors = List.copyOf(detectors);
        this.threshold = threshold;
        this.minSamples = minSamples;
    }

    public static PiiScan standard() {
        return new PiiScan(PiiDetectors.standard(), DEFAULT_THRESHOLD, DEFAULT_MIN_SAMPLES);
    }

    /** The proposals for the column, the best supported first. */
    public List<PiiProposal> scan(String column, Collection<String> sample) {
        List<String> values = new ArrayList<>(sample.size());
        for (String value : sample) {
            if (value != null && !value.isBlank()) {
                values.add(value);
            }
        }
        List<PiiProposal> proposals = new ArrayList<>();
        for (PiiDetector detector : detectors) {
            PiiProposal proposal = detector.evidence() == PiiDetector.Evidence.COLUMN_NAME
                    ? byName(detector, column, values)
                    : byValues(detector, column, values);
            if (proposal != null) {
                proposals.add(proposal);
            }
        }
        proposals.sort(Comparator.comparingDouble(PiiProposal::share).reversed().thenComparing(PiiProposal::tag));
        return proposals;
    }

    private static PiiProposal byName(PiiDetector detector, String column, List<String> values) {
        if (!detector.matchesColumnName(column)) {
            return null;
        }
        return new PiiProposal(detector.tag(), detector.evidence(), 1.0, values.size(), examples(detector, values));
    }

    private PiiProposal byValues(PiiDetector detector, String column, List<String> values) {
        if (values.size() < minSamples) {
            return null;
        }
        boolean nameChecked = detector.evidence() == PiiDetector.Evidence.COLUMN_NAME_AND_VALUES;
        if (nameChecked && !detector.matchesColumnName(column)) {
            return null;
        }
        int matched = 0;
        List<String> examples = new ArrayList<>(EXAMPLES);
        for (String value : values) {
            // the column name was checked once above
            boolean match = nameChecked ? detector.matches(value) : detector.matches(column, value);
            if (match) {
                matched++;
                String example = detector.redact(value);
                if (examples.size() < EXAMPLES && !examples.contains(example)) {
                    examples.add(example);
                }
            }
        }
        double share = (double) matched / values.size();
        return share >= threshold
                ? new PiiProposal(detector.tag(), detector.evidence(), share, values.size(), examples)
                : null;
    }

    private static List<String> examples(PiiDetector detector, List<String> values) {
        List<String> examples = new ArrayList<>(EXAMPLES);
        for (int i = 0; i < values.size() && examples.size() < EXAMPLES; i++) {
            String example = detector.redact(values.get(i));
            if (!examples.contains(example)) {
                examples.add(example);
            }
        }
        return examples;
    }
}
