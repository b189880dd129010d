package io.tributary.governance.core.pii;

import java.util.List;

/**
 * A proposed column tag and what it rests on.
 *
 * @param share      the fraction of the sample's non-blank values that matched (1.0 for a column-name proposal)
 * @param sampleSize the non-blank values looked at
 * @param examples   up to five matching values, redacted
 */
public record PiiProposal(
        String tag, PiiDetector.Evidence evidence, double share, int sampleSize, List<String> examples) {
    public PiiProposal {
        examples = List.copyOf(examples);
    }
}
