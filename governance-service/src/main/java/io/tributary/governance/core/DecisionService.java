package io.tributary.governance.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Decisions for services: one caller, one action, a batch of tables, answered from the cached policy set. */
public final class DecisionService {

    public static final int MAX_TABLES = 1000;

    private final Supplier<PolicySet> policies;
    private final CatalogLookup catalog;
    private final PolicyEvaluator evaluator;

    public DecisionService(Supplier<PolicySet> policies, CatalogLookup catalog, PolicyEvaluator evaluator) {
        this.policies = policies;
        this.catalog = catalog;
        this.evaluator = evaluator;
    }

    /** @param columns the columns asked for; null or empty for every column */
    public record TableRequest(TableRef table, List<String> columns) {}

    /** @param revision the policy revision every decision of the batch was made at */
    public record Batch(long revision, Subject subject, List<TableDecision> decisions) {}

    public Batch decide(Identity identity, Privilege privilege, List<TableRequest> tables) {
        PolicySet set = policies.get();
        Subject subject = set.subject(identity);
        List<TableDecision> decisions = new ArrayList<>(tables.size());
        for (TableRequest request : tables) {
            Optional<TableInfo> table = catalog.table(request.table());
            decisions.add(
                    table.isEmpty()
                            ? TableDecision.deny(
                                    request.table(), privilege, "no table " + request.table() + " in the catalog")
                            : evaluator.decide(set, subject, privilege, table.get(), request.columns()));
        }
        return new Batch(set.revision(), subject, decisions);
    }
}
