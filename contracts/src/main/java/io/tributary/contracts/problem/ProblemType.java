package io.tributary.contracts.problem;

import java.util.List;

/**
 * Every kind of problem a Tributary service answers with: the type URI, the title and the status, in one place, so a
 * client can rely on them and docs/api.md can list them. A service's exception mapper picks the type; the detail and
 * the violations say what went wrong in the occurrence.
 *
 * <p>Two answers of the gateway predate this catalogue and carry other titles for a type the services also use
 * ({@link #GATEWAY_NOT_FOUND}, {@link #GATEWAY_IDENTITY_PROVIDER_UNAVAILABLE}); they are listed on their own so that
 * both answers stay exactly as clients know them.
 */
public enum ProblemType {

    /** Input that breaks a rule of the endpoint; the violations name each field. */
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    /** A request body that is not JSON, or JSON of the wrong shape. */
    MALFORMED_JSON("malformed-json", 400, "Malformed request body"),
    /** No bearer token, or one that is expired, forged or from another issuer. */
    UNAUTHENTICATED("unauthenticated", 401, "Unauthenticated"),
    /** A valid token without the role the operation needs. */
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    /** A change that conflicts with the current state, such as a lost commit race or a reused Idempotency-Key. */
    CONFLICT("conflict", 409, "Conflict"),
    /** A dependency of the service (database, Kafka, catalog) cannot be reached; retry after Retry-After. */
    UNAVAILABLE("unavailable", 503, "Service unavailable"),
    /** Tokens cannot be checked because Keycloak cannot be reached. */
    IDENTITY_PROVIDER_UNAVAILABLE("identity-provider-unavailable", 503, "Identity provider unavailable"),
    /** A failure the service did not expect; the detail quotes a reference found in its log. */
    INTERNAL("internal", 500, "Internal error"),

    /** Catalog: a table or view of that name exists. */
    ALREADY_EXISTS("already-exists", 409, "Already exists"),
    /** Catalog: a schema change that breaks the table's compatibility mode; the body lists each incompatibility. */
    INCOMPATIBLE_SCHEMA("incompatible-schema", 409, "Incompatible schema change"),
    /** Catalog: a lineage event that is JSON but breaks the OpenLineage schema; the violations name each field. */
    INVALID_LINEAGE_EVENT("invalid-lineage-event", 422, "Invalid lineage event"),

    /** Ingest: the body as a whole cannot be read as the declared media type. */
    MALFORMED_BODY("malformed-body", 400, "Malformed request body"),
    /** Ingest: the caller holds no INSERT grant on the table. */
    INSERT_DENIED("insert-denied", 403, "Forbidden"),
    /** Ingest (and a lineage event to the catalog): the body holds more bytes or records than allowed. */
    TOO_LARGE("too-large", 413, "Content Too Large"),
    /** Ingest: a media type or charset the endpoint does not read. */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported Media Type"),
    /** Ingest: a strict request with records that break the contract; the body names each record and field. */
    RECORDS_REJECTED("records-rejected", 422, "Records break the table's contract"),
    /** Ingest: the service holds as many requests as it may; retry after Retry-After. */
    OVERLOADED("overloaded", 429, "Too Many Requests"),

    /** Gateway: a path that leaves its route through dot segments. */
    BAD_PATH("bad-path", 400, "Bad Request"),
    /** Gateway: no service of that name has an API document. */
    GATEWAY_NOT_FOUND("not-found", 404, "Not Found"),
    /** Gateway: the client sent more requests per second than allowed; retry after Retry-After. */
    RATE_LIMITED("rate-limited", 429, "Too Many Requests"),
    /** Gateway: a backend answered with something that is not a usable response. */
    BAD_GATEWAY("bad-gateway", 502, "Bad Gateway"),
    /** Gateway: tokens cannot be checked because Keycloak cannot be reached. */
    GATEWAY_IDENTITY_PROVIDER_UNAVAILABLE("identity-provider-unavailable", 503, "Service Unavailable"),
    /** Gateway: nothing answers at the backend's address. */
    BACKEND_UNAVAILABLE("backend-unavailable", 503, "Service Unavailable"),
    /** Gateway: the backend did not answer in time. */
    BACKEND_TIMEOUT("backend-timeout", 504, "Gateway Timeout"),

    /** Governance: a policy that is well-formed JSON but cannot hold (unknown column, bad expression, role loop). */
    INVALID_POLICY("invalid-policy", 422, "Invalid policy"),
    /** Governance: a quality rule that cannot hold (unknown column, unsafe pattern, SQL that does more than read). */
    INVALID_QUALITY_RULE("invalid-quality-rule", 422, "Invalid quality rule"),

    /** Query: the engine could not parse the SQL; the violation gives line and column. */
    SQL_SYNTAX("sql-syntax", 400, "SQL syntax error"),
    /** Query: the statement does something other than read governed tables. */
    STATEMENT_NOT_ALLOWED("statement-not-allowed", 403, "Statement not allowed"),
    /** Query: the statement names a table the catalog does not have. */
    UNKNOWN_TABLE("unknown-table", 404, "Unknown table"),
    /** Query: governance denies the caller a table the statement reads. */
    ACCESS_DENIED("access-denied", 403, "Forbidden"),
    /** Query: the result is over the service's row or byte limit. */
    RESULT_TOO_LARGE("result-too-large", 413, "Content Too Large"),
    /** Query: the chosen engine cannot answer this statement exactly. */
    UNSUPPORTED_BY_ENGINE("unsupported-by-engine", 422, "Not supported by the engine"),
    /** Query: the caller already runs as many statements as allowed. */
    TOO_MANY_STATEMENTS("too-many-statements", 429, "Too Many Requests"),
    /** Query: the statement ran past its timeout and was stopped. */
    STATEMENT_TIMED_OUT("statement-timed-out", 422, "Statement timed out"),
    /** Query: the statement was cancelled. */
    STATEMENT_CANCELLED("statement-cancelled", 410, "Statement cancelled"),
    /** Query: the engine failed while running the statement. */
    STATEMENT_FAILED("statement-failed", 422, "Statement failed"),
    /** Query: a result page that is no longer kept. */
    PAGE_GONE("page-gone", 410, "Gone");

    private final String typeName;
    private final int status;
    private final String title;

    ProblemType(String typeName, int status, String title) {
        this.typeName = typeName;
        this.status = status;
        this.title = title;
    }

    /** The last segment of the type URI, such as {@code not-found}. */
    public String typeName() {
        return typeName;
    }

    /** The type URI, such as {@code https://tributary.io/problems/not-found}. */
    public String uri() {
        return Problem.TYPE_BASE + typeName;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Problem problem(String detail) {
        return problem(detail, List.of());
    }

    public Problem problem(String detail, List<Problem.Violation> violations) {
        return new Problem(uri(), title, status, detail, null, violations);
    }
}
