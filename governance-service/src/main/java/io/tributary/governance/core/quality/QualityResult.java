package io.tributary.governance.core.quality;

import io.tributary.governance.core.TableRef;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What one rule found on one snapshot.
 *
 * @param checkedRows  the rows the rule looked at; null when the rule does not count rows ({@code sql}, {@code schema})
 * @param failingRows  null when the rule could not be run
 * @param samples      up to {@link QualitySql#SAMPLE_LIMIT} failing rows' keys, column to value, in column order
 * @param message      why it failed or errored; null when it passed
 */
public record QualityResult(
        UUID ruleId,
        int ruleVersion,
        String ruleName,
        RuleType ruleType,
        List<String> columns,
        TableRef table,
        String branch,
        long snapshotId,
        Status status,
        Severity severity,
        Long checkedRows,
        Long failingRows,
        List<Map<String, Object>> samples,
        long durationMillis,
        Instant evaluatedAt,
        String message) {

    public QualityResult {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(status, "status");
        columns = columns == null ? List.of() : List.copyOf(columns);
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    public enum Status {
        PASS,
        FAIL,
        ERROR;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWire(String text) {
            for (Status status : values()) {
                if (status.wireName().equals(text)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("must be pass, fail or error");
        }
    }

    /** Whether this result keeps the snapshot off {@code main}: a blocking rule that failed or could not run. */
    public boolean blocks() {
        return severity == Severity.BLOCK && status != Status.PASS;
    }
}
