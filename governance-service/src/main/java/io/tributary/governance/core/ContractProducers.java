package io.tributary.governance.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code producers} of a table's ingest contract (kept by the catalog) read as INSERT grants on that table, so
 * that the contract's list and governance's INSERT grants are one thing. An entry names a client ({@code azp}) or a
 * user; {@code *} admits any data producer.
 */
public final class ContractProducers {

    public static final String ANYONE = "*";
    /** The realm role of whoever pushes records; ingest admits no one else. */
    public static final String PRODUCER_ROLE = "data-producer";
    /** How a decision names where a contract grant came from. */
    public static final String SOURCE = "contract";

    private ContractProducers() {}

    /** The entries of the list that admit the subject, in the list's order; empty when none does. */
    public static List<String> admitting(Subject subject, List<String> producers) {
        List<String> out = new ArrayList<>();
        Identity identity = subject.identity();
        for (String producer : producers) {
            boolean admits = producer.equals(ANYONE)
                    ? subject.roles().contains(PRODUCER_ROLE)
                    : producer.equals(identity.client()) || producer.equals(identity.user());
            if (admits) {
                out.add(producer);
            }
        }
        return out;
    }
}
