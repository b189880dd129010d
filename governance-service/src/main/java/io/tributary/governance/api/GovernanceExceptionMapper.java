package io.tributary.governance.api;

import io.tributary.contracts.problem.Problem;
import io.tributary.contracts.problem.ProblemType;
import io.tributary.contracts.problem.jaxrs.ProblemResponses;
import io.tributary.governance.core.CatalogUnavailableException;
import io.tributary.governance.core.IdentityProviderUnavailableException;
import io.tributary.governance.core.InvalidPolicyException;
import io.tributary.governance.core.PolicyConflictException;
import io.tributary.governance.core.PolicyNotFoundException;
import io.tributary.governance.core.opa.OpaRequestException;
import io.tributary.governance.core.pii.ClassificationConflictException;
import io.tributary.governance.core.pii.ClassificationNotFoundException;
import io.tributary.governance.core.quality.InvalidQualityRuleException;
import io.tributary.governance.core.quality.QualityRuleConflictException;
import io.tributary.governance.core.quality.QualityRuleNotFoundException;
import io.tributary.governance.core.quality.UnknownTableException;
import io.tributary.governance.store.StoreUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place governance's domain exceptions become HTTP problems. */
public class GovernanceExceptionMapper {

    private static final Logger LOG = Logger.getLogger(GovernanceExceptionMapper.class);

    @ServerExceptionMapper
    public Response invalidPolicy(InvalidPolicyException e, HttpHeaders headers) {
        List<Problem.Violation> violations = e.violations().stream()
                .map(v -> new Problem.Violation(v.pointer(), v.message()))
                .toList();
        Problem problem = e.semantic()
                ? ProblemType.INVALID_POLICY.problem(e.getMessage(), violations)
                : ProblemType.INVALID_REQUEST.problem(e.getMessage(), violations);
        return ProblemResponses.of(problem, headers);
    }

    @ServerExceptionMapper
    public Response notFound(PolicyNotFoundException e, HttpHeaders headers) {
        return ProblemResponses.of(ProblemType.NOT_FOUND.problem(e.getMessage()), headers);
    }

    @ServerExceptionMapper
    public Response conflict(PolicyConflictException e, HttpHeaders headers) {
        return ProblemResponses.of(ProblemType.CONFLICT.problem(e.getMessage()), headers);
    }

    @ServerExceptionMapper
    public Response invalidQualityRule(InvalidQualityRuleException e, HttpHeaders headers) {
        List<Problem.Violation> violations = e.violations().stream()
                .map(v -> new Problem.Violation(v.pointer(), v.message()))
                .toList();
        return ProblemResponses.of(ProblemType.INVALID_QUALITY_RULE.problem(e.getMessage(), violations), headers);
    }

    @ServerExceptionMapper
    public Response qualityRuleNotFound(QualityRuleNotFoundException e, HttpHeaders headers) {
        return ProblemResponses.of(ProblemType.NOT_FOUND.problem(e.getMessage()), headers);
    }

    @ServerExceptionMapper
    public Response unknownTable(UnknownTableException e, HttpHeaders headers) {
        return ProblemResponses.of(
                ProblemType.NOT_FOUND.problem(
                        e.getMessage(), List.of(new Problem.Violation("/table", "is not a table of the catalog"))),
                headers);
    }

    @ServerExceptionMapper
    public Response qualityRuleConflict(QualityRuleConflictException e, HttpHeaders headers) {
        return ProblemResponses.of(ProblemType.CONFLICT.problem(e.getMessage()), headers);
    }

    @ServerExceptionMapper
    public Response classificationNotFound(ClassificationNotFoundException e, HttpHeaders headers) {
        return ProblemResponses.of(ProblemType.NOT_FOUND.problem(e.getMessage()), headers);
    }

    @ServerExceptionMapper
    public Response classificationConflict(ClassificationConflictException e, HttpHeaders headers) {
        return ProblemResponses.of(ProblemType.CONFLICT.problem(e.getMessage()), headers);
    }

    @ServerExceptionMapper
    public Response badOpaRequest(OpaRequestException e, HttpHeaders headers) {
        return ProblemResponses.of(ProblemType.INVALID_REQUEST.problem(e.getMessage()), headers);
    }

    @ServerExceptionMapper
    public Response catalogUnavailable(CatalogUnavailableException e, HttpHeaders headers) {
        return unavailable(e, headers);
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e, HttpHeaders headers) {
        return unavailable(e, headers);
    }

    @ServerExceptionMapper
    public Response identityProviderUnavailable(IdentityProviderUnavailableException e, HttpHeaders headers) {
        return unavailable(e, headers);
    }

    private static Response unavailable(RuntimeException e, HttpHeaders headers) {
        LOG.warnf("Answering 503: %s", e.getMessage());
        return ProblemResponses.of(
                ProblemType.UNAVAILABLE.problem(e.getMessage()), headers, Map.of("Retry-After", "5"));
    }
}
