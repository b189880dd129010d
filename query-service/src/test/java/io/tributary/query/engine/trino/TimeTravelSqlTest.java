package io.tributary.query.engine.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.query.core.AsOf;
import io.tributary.query.core.TableName;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeTravelSqlTest {

    private static final Map<TableName, AsOf.Point> ORDERS_AT_7 =
            Map.of(new TableName("sales", "orders"), AsOf.Point.snapshot(7));

    private static String apply(String sql) {
        return TimeTravelSql.apply(sql, ORDERS_AT_7, "iceberg");
    }

    @Test
    void everyReferenceToTheTableGetsItsPointAndNothingElseChanges() {
        assertThat(apply("SELECT * FROM sales.orders o JOIN sales.customers c ON o.c = c.id"))
                .isEqualTo("SELECT * FROM sales.orders FOR VERSION AS OF 7 o JOIN sales.customers c ON o.c = c.id");
        assertThat(apply("select count(*) from ICEBERG.Sales.\"orders\" -- sales.orders\n"))
                .isEqualTo("select count(*) from ICEBERG.Sales.\"orders\" FOR VERSION AS OF 7 -- sales.orders\n");
        assertThat(apply("SELECT 'sales.orders', sales.orders.id FROM sales.orders /* sales.orders */"))
                .isEqualTo(
                        "SELECT 'sales.orders', sales.orders.id FROM sales.orders FOR VERSION AS OF 7 /* sales.orders */");
        assertThat(apply("SELECT sales.orders(1)")).isEqualTo("SELECT sales.orders(1)");
    }

    @Test
    void aTimeIsATimestampInUtc() {
        assertThat(TimeTravelSql.apply(
                        "SELECT * FROM sales.orders",
                        Map.of(
                                new TableName("sales", "orders"),
                                AsOf.Point.at(Instant.parse("2026-01-02T03:04:05.5Z"))),
                        "iceberg"))
                .isEqualTo("SELECT * FROM sales.orders FOR TIMESTAMP AS OF TIMESTAMP '2026-01-02 03:04:05.500000 UTC'");
    }
}
