package io.tributary.governance.core.pii;

import io.tributary.governance.core.TableRef;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A proposed PII tag for a column and what became of it.
 *
 * @param share      the fraction of the sampled values that matched, as of the latest scan
 * @param sampleSize the non-blank values the latest scan looked at
 * @param decidedBy  who accepted or rejected it ({@code auto} for the service's own auto-apply), null while proposed
 * @param applied    whether the tag was put on the column in the catalog
 */
public record Classification(
        UUID id,
        TableRef table,
        String column,
        String tag,
        Status status,
        double share,
        int sampleSize,
        Evidence evidence,
        Instant proposedAt,
        String decidedBy,
        Instant decidedAt,
        String reason,
        boolean applied) {

    /** The decider of proposals the service accepts on its own ({@code auto-apply-share}). */
    public static final String AUTO = "auto";

    public Classification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(evidence, "evidence");
    }

    public enum Status {
        PROPOSED,
        ACCEPTED,
        REJECTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException when the text is no status */
        public static Status parse(String text) {
            for (Status status : values()) {
                if (status.wireName().equals(text)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("must be proposed, accepted or rejected");
        }
    }

    /**
     * What a proposal rests on.
     *
     * @param detector       the kind of data recognised ({@code email}, {@code card}...)
     * @param basis          what the detector went by: values, the column name, or both
     * @param examples       up to five matching values, redacted
     * @param columnNameHint whether the column's name suggests this kind
     */
    public record Evidence(
            String detector,
            String basis,
            double share,
            int sampleSize,
            List<String> examples,
            boolean columnNameHint) {
        public Evidence {
            examples = List.copyOf(examples);
        }
    }
}
