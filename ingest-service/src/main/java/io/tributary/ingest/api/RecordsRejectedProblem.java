package io.tributary.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.ingest.core.RecordError;
import java.util.List;

/**
 * The answer of a strict request with invalid records ({@link ProblemType#RECORDS_REJECTED}): an RFC 9457 problem
 * whose {@code errors} name each record and field at fault. Richer than {@link Problem.Violation}, so it has its own
 * shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordsRejectedProblem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        long received,
        long rejected,
        List<RecordError> errors,
        boolean errorsTruncated) {}
