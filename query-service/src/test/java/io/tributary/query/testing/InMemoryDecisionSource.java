package io.tributary.query.testing;

import io.tributary.query.core.Caller;
import io.tributary.query.core.DecisionSource;
import io.tributary.query.core.TableAccess;
import io.tributary.query.core.TableName;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Governance as the tests need it: {@code ada} sees {@code sales.orders} with e-mail masked and only EU rows,
 * {@code nia} may not read it, {@code bea} does not see e-mail at all; everyone else reads everything in the clear.
 */
@ApplicationScoped
public class InMemoryDecisionSource implements DecisionSource {

    public static final TableName ORDERS = new TableName("sales", "orders");

    @Override
    public Map<TableName, TableAccess> decide(Caller caller, String engine, List<TableColumns> tables) {
        Map<TableName, TableAccess> decisions = new HashMap<>();
        for (TableColumns table : tables) {
            decisions.put(table.table(), decide(caller.principal(), table));
        }
        return decisions;
    }

    private static TableAccess decide(String principal, TableColumns table) {
        boolean orders = table.table().equals(ORDERS);
        if (orders && principal.equals("nia")) {
            return TableAccess.denied(table.table(), "no SELECT grant on sales.orders");
        }
        if (orders && principal.equals("ada")) {
            return new TableAccess(
                    table.table(),
                    true,
                    null,
                    table.columns().stream()
                            .map(column -> column.equals("email")
                                    ? new TableAccess.ColumnAccess(column, "'***'", "pii-mask")
                                    : TableAccess.ColumnAccess.plain(column))
                            .toList(),
                    "region = 'EU'",
                    List.of("eu-only"));
        }
        if (orders && principal.equals("bea")) {
            return new TableAccess(
                    table.table(),
                    true,
                    null,
                    table.columns().stream()
                            .filter(column -> !column.equals("email"))
                            .map(TableAccess.ColumnAccess::plain)
                            .toList(),
                    null,
                    List.of());
        }
        return new TableAccess(
                table.table(),
                true,
                null,
                table.columns().stream().map(TableAccess.ColumnAccess::plain).toList(),
                null,
                List.of());
    }
}
