package io.tributary.governance.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                            : withContractProducers(
                                    evaluator.decide(set, subject, privilege, table.get(), request.columns()),
                                    subject,
                                    table.get()));
        }
        return new Batch(set.revision(), subject, decisions);
    }

    /** The producers of a table's ingest contract are INSERT grants on it, beside the INSERT grants of policies. */
    static TableDecision withContractProducers(TableDecision decision, Subject subject, TableInfo table) {
        if (decision.privilege() != Privilege.INSERT || table.producers().isEmpty()) {
            return decision;
        }
        List<String> producers = ContractProducers.admitting(subject, table.producers());
        if (producers.isEmpty()) {
            return decision.allowed()
                    ? decision
                    : TableDecision.deny(
                            decision.table(),
                            Privilege.INSERT,
                            decision.reason() + ", and " + subject.name()
                                    + " is not among the producers of its ingest contract");
        }
        return new TableDecision(
                decision.table(),
                Privilege.INSERT,
                true,
                null,
                decision.grants(),
                table.columnNames(),
                Map.of(),
                null,
                List.of(),
                producers);
    }
}
