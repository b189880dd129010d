package io.tributary.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.contracts.events.EventTypes;
import io.tributary.ingest.core.Caller;
import io.tributary.ingest.core.ContractSource;
import io.tributary.ingest.core.IngestContract;
import io.tributary.ingest.core.InsertAuthorizer;
import io.tributary.ingest.core.TableId;
import io.tributary.ingest.maintenance.runtime.MaintenanceScheduler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/** Which catalog events refresh which cached contracts (the Kafka path is covered by ContractRefreshTest). */
class CatalogEventsListenerTest {

    final List<String> calls = new ArrayList<>();
    final List<String> maintained = new ArrayList<>();
    final CatalogEventsListener listener = new CatalogEventsListener();

    CatalogEventsListenerTest() {
        listener.maintenance = new MaintenanceScheduler() {
            @Override
            public void tableChanged(TableIdentifier table) {
                maintained.add(table.toString());
            }
        };
        listener.contracts = new ContractSource() {
            @Override
            public Optional<IngestContract> find(TableId table) {
                return Optional.empty();
            }

            @Override
            public void invalidate(TableId table, boolean gone) {
                calls.add((gone ? "gone " : "changed ") + table);
            }

            @Override
            public void invalidateAll() {
                calls.add("all");
            }
        };
        recordDecisionDrops();
    }

    void recordDecisionDrops() {
        listener.authorizer = new InsertAuthorizer() {
            @Override
            public Decision decide(Caller caller, IngestContract contract) {
                return Decision.ALLOW;
            }

            @Override
            public void invalidate(TableId table) {
                calls.add("decisions " + table);
            }

            @Override
            public void invalidateAll() {
                calls.add("all decisions");
            }
        };
    }

    void handle(String type, String subject, String data) {
        listener.handle(("{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"/tributary/catalog\", \"type\": \""
                        + type + "\", \"subject\": \"" + subject + "\", \"data\": " + data + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void changesRefreshTheirTableAndDropsForgetIt() {
        String data = "{\"namespace\": [\"sales\"], \"table\": \"orders\"}";
        handle(EventTypes.SCHEMA_CHANGED, "sales.orders", data);
        handle(EventTypes.CONTRACT_CHANGED, "sales.orders", data);
        handle(EventTypes.TAGS_CHANGED, "sales.orders", data);
        handle(EventTypes.TABLE_CREATED, "sales.orders", data);
        handle(EventTypes.TABLE_DROPPED, "sales.orders", data);
        assertThat(calls)
                .containsExactly(
                        "changed sales.orders",
                        "decisions sales.orders",
                        "changed sales.orders",
                        "decisions sales.orders",
                        "changed sales.orders",
                        "decisions sales.orders",
                        "changed sales.orders",
                        "decisions sales.orders",
                        "gone sales.orders",
                        "decisions sales.orders");
        assertThat(listener.handled()).isEqualTo(5);
    }

    @Test
    void renamesAndNamespaceDropsRefreshEverything() {
        handle(
                CatalogEventsListener.TABLE_RENAMED,
                "sales.orders",
                "{\"namespace\": [\"sales\"], \"table\": \"orders\", \"new-namespace\": [\"sales\"], \"new-table\": \"orders2\"}");
        handle(EventTypes.NAMESPACE_DROPPED, "sales", "{\"namespace\": [\"sales\"]}");
        assertThat(calls).containsExactly("gone sales.orders", "all", "all decisions", "all", "all decisions");
    }

    @Test
    void theSubjectNamesTheTableWhenTheDataDoesNot() {
        handle(EventTypes.SCHEMA_CHANGED, "sales.orders", "{}");
        assertThat(calls).containsExactly("changed sales.orders", "decisions sales.orders");
    }

    @Test
    void aPolicyChangeDropsEveryDecisionAndNoContract() {
        handle(EventTypes.POLICY_CHANGED, "policy-7", "{\"id\": \"policy-7\"}");
        assertThat(calls).containsExactly("all decisions");
        assertThat(listener.handled()).isEqualTo(1);
    }

    @Test
    void everyEventAboutATableTellsMaintenanceItChanged() {
        handle(EventTypes.SNAPSHOT_COMMITTED, "sales.orders", "{\"namespace\": [\"sales\"], \"table\": \"orders\"}");
        handle(
                EventTypes.SNAPSHOT_COMMITTED,
                "eu.sales.orders",
                "{\"namespace\": [\"eu\", \"sales\"], \"table\": \"orders\"}");
        handle(EventTypes.SCHEMA_CHANGED, "sales.returns", "{\"namespace\": [\"sales\"], \"table\": \"returns\"}");
        handle(EventTypes.NAMESPACE_DROPPED, "sales", "{\"namespace\": [\"sales\"]}");
        handle(EventTypes.SNAPSHOT_COMMITTED, "sales.orders", "{\"namespace\": [7], \"table\": \"orders\"}");
        assertThat(maintained).containsExactly("sales.orders", "eu.sales.orders", "sales.returns");
    }

    @Test
    void otherEventsAndGarbageChangeNothing() {
        handle(EventTypes.SNAPSHOT_COMMITTED, "sales.orders", "{\"namespace\": [\"sales\"], \"table\": \"orders\"}");
        handle(EventTypes.SCHEMA_CHANGED, "", "{}");
        listener.handle("not json".getBytes(StandardCharsets.UTF_8));
        listener.handle("[1]".getBytes(StandardCharsets.UTF_8));
        assertThat(calls).isEmpty();
        assertThat(listener.handled()).isZero();
    }
}
