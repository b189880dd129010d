package io.tributary.governance.core;

import io.tributary.governance.core.expr.SqlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory catalog for tests of the core. */
public final class MemoryCatalog implements CatalogLookup {

    private final Map<TableRef, TableInfo> tables = new LinkedHashMap<>();

    public MemoryCatalog table(String name, ColumnInfo... columns) {
        TableRef ref = TableRef.parse(name);
        tables.put(ref, new TableInfo(ref, List.of(columns)));
        return this;
    }

    public static ColumnInfo column(String name, String icebergType, String... tags) {
        return new ColumnInfo(name, SqlType.fromIceberg(icebergType), List.of(tags));
    }

    /** sales.customers: id, email (pii.email), country, card (pii), born (date), amount. */
    public static MemoryCatalog sales() {
        return new MemoryCatalog()
                .table(
                        "sales.customers",
                        column("id", "long"),
                        column("email", "string", "pii.email"),
                        column("country", "string"),
                        column("card", "string", "pii"),
                        column("born", "date", "pii"),
                        column("amount", "decimal(10, 2)"))
                .table(
                        "sales.orders",
                        column("order_id", "long"),
                        column("customer_id", "long"),
                        column("total", "double"))
                .table("hr.salaries", column("name", "string"), column("salary", "long", "confidential"));
    }

    @Override
    public Optional<TableInfo> table(TableRef ref) {
        return Optional.ofNullable(tables.get(ref));
    }

    @Override
    public List<TableRef> tables(String namespace) {
        List<TableRef> out = new ArrayList<>();
        tables.keySet().stream().filter(t -> t.namespace().equals(namespace)).forEach(out::add);
        return out;
    }
}
