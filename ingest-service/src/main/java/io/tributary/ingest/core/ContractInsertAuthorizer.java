package io.tributary.ingest.core;

import java.util.List;

/**
 * The INSERT grant read from the table's ingest contract: its {@code producers} list names the clients
 * ({@code azp}), users ({@code preferred_username}) or subjects ({@code sub}) that may push; {@code *} admits any
 * data producer. No list, or an empty one, admits nobody.
 */
public final class ContractInsertAuthorizer implements InsertAuthorizer {

    public static final String ANYONE = "*";

    @Override
    public Decision decide(Caller caller, IngestContract contract) {
        List<String> producers = contract.producers();
        if (producers.contains(ANYONE)
                || matches(producers, caller.clientId())
                || matches(producers, caller.username())
                || matches(producers, caller.subject())) {
            return Decision.ALLOW;
        }
        String who = caller.clientId() != null ? caller.clientId() : caller.principal();
        return Decision.deny(
                producers.isEmpty()
                        ? "The contract of " + contract.table() + " names no producers, so nobody may insert into it; "
                                + who + " holds no INSERT grant on it."
                        : who + " holds no INSERT grant on " + contract.table()
                                + ": it is not among the table's producers.");
    }

    private static boolean matches(List<String> producers, String name) {
        return name != null && producers.contains(name);
    }
}
