package io.tributary.contracts.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {

    /** The answers clients already parse: a change here is a change of the API. */
    @Test
    void everyTypeKeepsItsPublishedTypeStatusAndTitle() {
        Map<ProblemType, String> published = Map.ofEntries(
                Map.entry(ProblemType.INVALID_REQUEST, "invalid-request 400 Invalid request"),
                Map.entry(ProblemType.MALFORMED_JSON, "malformed-json 400 Malformed request body"),
                Map.entry(ProblemType.UNAUTHENTICATED, "unauthenticated 401 Unauthenticated"),
                Map.entry(ProblemType.FORBIDDEN, "forbidden 403 Forbidden"),
                Map.entry(ProblemType.NOT_FOUND, "not-found 404 Not found"),
                Map.entry(ProblemType.CONFLICT, "conflict 409 Conflict"),
                Map.entry(ProblemType.UNAVAILABLE, "unavailable 503 Service unavailable"),
                Map.entry(
                        ProblemType.IDENTITY_PROVIDER_UNAVAILABLE,
                        "identity-provider-unavailable 503 Identity provider unavailable"),
                Map.entry(ProblemType.INTERNAL, "internal 500 Internal error"),
                Map.entry(ProblemType.ALREADY_EXISTS, "already-exists 409 Already exists"),
                Map.entry(ProblemType.INCOMPATIBLE_SCHEMA, "incompatible-schema 409 Incompatible schema change"),
                Map.entry(ProblemType.INVALID_LINEAGE_EVENT, "invalid-lineage-event 422 Invalid lineage event"),
                Map.entry(ProblemType.MALFORMED_BODY, "malformed-body 400 Malformed request body"),
                Map.entry(ProblemType.INSERT_DENIED, "insert-denied 403 Forbidden"),
                Map.entry(ProblemType.TOO_LARGE, "too-large 413 Content Too Large"),
                Map.entry(ProblemType.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type 415 Unsupported Media Type"),
                Map.entry(ProblemType.RECORDS_REJECTED, "records-rejected 422 Records break the table's contract"),
                Map.entry(ProblemType.OVERLOADED, "overloaded 429 Too Many Requests"),
                Map.entry(ProblemType.BAD_PATH, "bad-path 400 Bad Request"),
                Map.entry(ProblemType.GATEWAY_NOT_FOUND, "not-found 404 Not Found"),
                Map.entry(ProblemType.RATE_LIMITED, "rate-limited 429 Too Many Requests"),
                Map.entry(ProblemType.BAD_GATEWAY, "bad-gateway 502 Bad Gateway"),
                Map.entry(
                        ProblemType.GATEWAY_IDENTITY_PROVIDER_UNAVAILABLE,
                        "identity-provider-unavailable 503 Service Unavailable"),
                Map.entry(ProblemType.BACKEND_UNAVAILABLE, "backend-unavailable 503 Service Unavailable"),
                Map.entry(ProblemType.BACKEND_TIMEOUT, "backend-timeout 504 Gateway Timeout"),
                Map.entry(ProblemType.INVALID_POLICY, "invalid-policy 422 Invalid policy"),
                Map.entry(ProblemType.INVALID_QUALITY_RULE, "invalid-quality-rule 422 Invalid quality rule"),
                Map.entry(ProblemType.SQL_SYNTAX, "sql-syntax 400 SQL syntax error"),
                Map.entry(ProblemType.STATEMENT_NOT_ALLOWED, "statement-not-allowed 403 Statement not allowed"),
                Map.entry(ProblemType.UNKNOWN_TABLE, "unknown-table 404 Unknown table"),
                Map.entry(ProblemType.ACCESS_DENIED, "access-denied 403 Forbidden"),
                Map.entry(ProblemType.RESULT_TOO_LARGE, "result-too-large 413 Content Too Large"),
                Map.entry(ProblemType.UNSUPPORTED_BY_ENGINE, "unsupported-by-engine 422 Not supported by the engine"),
                Map.entry(ProblemType.TOO_MANY_STATEMENTS, "too-many-statements 429 Too Many Requests"),
                Map.entry(ProblemType.STATEMENT_TIMED_OUT, "statement-timed-out 422 Statement timed out"),
                Map.entry(ProblemType.STATEMENT_CANCELLED, "statement-cancelled 410 Statement cancelled"),
                Map.entry(ProblemType.STATEMENT_FAILED, "statement-failed 422 Statement failed"),
                Map.entry(ProblemType.PAGE_GONE, "page-gone 410 Gone"));

        assertThat(published).containsOnlyKeys(ProblemType.values());
        for (ProblemType type : ProblemType.values()) {
            assertThat(type.typeName() + " " + type.status() + " " + type.title())
                    .isEqualTo(published.get(type));
            assertThat(type.uri()).isEqualTo("https://tributary.io/problems/" + type.typeName());
        }
    }

    @Test
    void aTypeUsedTwiceAlwaysHasTheSameStatus() {
        Map<String, List<Integer>> statuses = Arrays.stream(ProblemType.values())
                .collect(Collectors.groupingBy(
                        ProblemType::typeName, Collectors.mapping(ProblemType::status, Collectors.toList())));
        statuses.forEach((name, found) -> assertThat(found).as(name).containsOnly(found.get(0)));
    }

    @Test
    void aProblemCarriesTheTypeAndTheOccurrence() throws Exception {
        Problem problem = ProblemType.INVALID_REQUEST.problem(
                "The dataset is not valid.", List.of(new Problem.Violation("/key", "no such column")));

        assertThat(new ObjectMapper().writeValueAsString(problem))
                .isEqualTo(
                        "{\"type\":"
                                + "\"https://tributary.io/problems/invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                                + "\"detail\":\"The dataset is not valid.\",\"errors\":[{\"pointer\":\"/key\",\"message\":\"no such column\"}]}");
        assertThat(ProblemType.NOT_FOUND.problem("gone").errors()).isEmpty();
    }
}
