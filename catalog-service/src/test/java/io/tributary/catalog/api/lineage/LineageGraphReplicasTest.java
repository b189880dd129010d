package io.tributary.catalog.api.lineage;

import static io.tributary.catalog.api.lineage.LineageApiTest.ANALYST;
import static io.tributary.catalog.api.lineage.LineageApiTest.PRODUCER;
import static io.tributary.catalog.api.lineage.LineageApiTest.as;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Graph reads answer from an index in memory, so they must still see what other catalog replicas write to the shared
 * database: their edges are inserted here with SQL, as another replica's transaction would.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class LineageGraphReplicasTest {

    @Inject
    AgroalDataSource dataSource;

    private String ns;

    @BeforeEach
    void graph() {
        ns = "replica-" + UUID.randomUUID().toString().substring(0, 8);
        // raw -> load -> orders, and one read so the index exists before the other replica writes.
        as(PRODUCER)
                .body(LineageEvents.run(
                        "COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", ns, "load", "raw", "orders"))
                .post("/api/v1/lineage")
                .then()
                .statusCode(201);
        expectLineage(dataset("orders"), dataset("orders"), job("load"), dataset("raw"));
    }

    @Test
    void anotherReplicasEdgesAreSeenByTheNextRead() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            insertReport(connection);
        }

        expectLineage(
                dataset("orders"), dataset("orders"), job("load"), dataset("raw"), job("report"), dataset("summary"));
    }

    @Test
    void edgesCommittedAfterAReadByATransactionThatBeganBeforeItAreSeen() throws SQLException {
        // The other replica's transaction writes first and commits after a read has caught up: commit order, not
        // write order, decides what is visible.
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            insertReport(connection);
            expectLineage(dataset("orders"), dataset("orders"), job("load"), dataset("raw"));
            connection.commit();
        }

        expectLineage(
                dataset("orders"), dataset("orders"), job("load"), dataset("raw"), job("report"), dataset("summary"));
    }

    @Test
    void removedEdgesAreGoneFromTheNextRead() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM lineage_edges WHERE origin = ? AND destination = ?")) {
            delete.setString(1, dataset("raw"));
            delete.setString(2, job("load"));
            delete.executeUpdate();
        }

        expectLineage(dataset("orders"), dataset("orders"), job("load"));
    }

    @Test
    void anotherReplicasColumnEdgesAreSeenByTheNextRead() throws SQLException {
        String orderId = "datasetField:" + ns + ":orders:order_id";
        String total = "datasetField:" + ns + ":summary:total";
        as(ANALYST)
                .queryParam("nodeId", total)
                .queryParam("depth", "10")
                .get("/api/v1/column-lineage")
                .then()
                .statusCode(404);
        try (Connection connection = dataSource.getConnection()) {
            insertReport(connection);
            execute(
                    connection,
                    "INSERT INTO lineage_dataset_fields (node_id, dataset_id, name, type) VALUES (?, ?, 'total', 'long')",
                    total,
                    dataset("summary"));
            execute(connection, "INSERT INTO lineage_column_edges (origin, destination) VALUES (?, ?)", orderId, total);
        }

        as(ANALYST)
                .queryParam("nodeId", total)
                .queryParam("depth", "10")
                .get("/api/v1/column-lineage")
                .then()
                .statusCode(200)
                .body("graph.id", containsInAnyOrder(total, orderId, "datasetField:" + ns + ":raw:id"));
    }

    @Test
    void anotherReplicasChangesToNodeDataAreSeenByTheNextRead() throws SQLException {
        // The first read kept the nodes' data in memory; another replica then adds a field, retypes one, and runs the
        // job again, each in its own transaction, one of them begun before a read and committed after it.
        expectField("orders", "order_id", "long");
        try (Connection connection = dataSource.getConnection()) {
            execute(
                    connection,
                    "INSERT INTO lineage_dataset_fields (node_id, dataset_id, name, type) VALUES (?, ?, 'amount', 'decimal')",
                    "datasetField:" + ns + ":orders:amount",
                    dataset("orders"));
        }
        expectField("orders", "amount", "decimal");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            execute(
                    connection,
                    "UPDATE lineage_dataset_fields SET type = 'string' WHERE node_id = ?",
                    "datasetField:" + ns + ":orders:order_id");
            expectField("orders", "order_id", "long");
            connection.commit();
        }
        expectField("orders", "order_id", "string");

        UUID rerun = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            execute(
                    connection,
                    "INSERT INTO lineage_runs (run_id, job_id, state, started_at, latest_event)"
                            + " VALUES (?::uuid, ?, 'RUNNING', '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z')",
                    rerun.toString(),
                    job("load"));
        }
        as(ANALYST)
                .queryParam("nodeId", dataset("orders"))
                .queryParam("depth", "20")
                .get("/api/v1/lineage")
                .then()
                .statusCode(200)
                .body("graph.find { it.id == '" + job("load") + "' }.data.latestRun.id", equalTo(rerun.toString()))
                .body("graph.find { it.id == '" + job("load") + "' }.data.latestRun.state", equalTo("RUNNING"));
    }

    @Test
    void aNodeRemovedByAnotherReplicaIsGoneFromTheNextRead() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            execute(connection, "DELETE FROM lineage_dataset_fields WHERE dataset_id = ?", dataset("raw"));
            execute(connection, "DELETE FROM lineage_datasets WHERE node_id = ?", dataset("raw"));
        }
        as(ANALYST)
                .queryParam("nodeId", dataset("orders"))
                .queryParam("depth", "20")
                .get("/api/v1/lineage")
                .then()
                .statusCode(200)
                .body("graph.find { it.id == '" + dataset("raw") + "' }.data", nullValue());
    }

    private void expectField(String dataset, String field, String type) {
        as(ANALYST)
                .queryParam("nodeId", dataset(dataset))
                .queryParam("depth", "20")
                .get("/api/v1/lineage")
                .then()
                .statusCode(200)
                .body(
                        "graph.find { it.id == '" + dataset(dataset) + "' }.data.fields.find { it.name == '" + field
                                + "' }.type",
                        equalTo(type));
    }

    /** What a replica's ingest of "report reads orders, writes summary" leaves in the tables. */
    private void insertReport(Connection connection) throws SQLException {
        execute(
                connection,
                "INSERT INTO lineage_jobs (node_id, namespace, name) VALUES (?, ?, 'report')",
                job("report"),
                ns);
        execute(
                connection,
                "INSERT INTO lineage_datasets (node_id, namespace, name) VALUES (?, ?, 'summary')",
                dataset("summary"),
                ns);
        execute(
                connection,
                "INSERT INTO lineage_edges (origin, destination) VALUES (?, ?)",
                dataset("orders"),
                job("report"));
        execute(
                connection,
                "INSERT INTO lineage_edges (origin, destination) VALUES (?, ?)",
                job("report"),
                dataset("summary"));
    }

    private static void execute(Connection connection, String sql, String... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    private static void expectLineage(String node, String... ids) {
        as(ANALYST)
                .queryParam("nodeId", node)
                .queryParam("depth", "20")
                .get("/api/v1/lineage")
                .then()
                .statusCode(200)
                .body("graph.id", containsInAnyOrder(ids));
    }

    private String dataset(String name) {
        return "dataset:" + ns + ":" + name;
    }

    private String job(String name) {
        return "job:" + ns + ":" + name;
    }
}
