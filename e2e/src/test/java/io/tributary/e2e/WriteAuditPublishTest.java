package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Write-audit-publish on the running suite: a table with an audit branch gets the lake writer's snapshots on that
 * branch only; main holds a batch once it is published, and a batch left unpublished stays on the branch while later
 * ones still reach main.
 */
class WriteAuditPublishTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "order_id", Types.LongType.get()),
            Types.NestedField.optional(2, "customer", Types.StringType.get()));

    @Test
    void onlyPublishedBatchesReachMainAndAnUnpublishedOneStaysOnTheBranch() throws Exception {
        String namespace = "e2e_wap_" + Long.toString(System.currentTimeMillis(), 36);
        TableIdentifier id = TableIdentifier.of(Namespace.of(namespace), "orders");
        String steward = Suite.userToken("sam");
        try (RESTCatalog admin = Suite.catalog(Suite.userToken("ada"));
                RESTCatalog analyst = Suite.catalog(Suite.userToken("ana"))) {
            LakeWriterTest.createTable(admin, id, SCHEMA, PartitionSpec.unpartitioned());
            // A blocking rule that no batch passes: governance sets the audit branch and never publishes, so every
            // publish below is this test's own.
            given().auth()
                    .oauth2(steward)
                    .contentType("application/json")
                    .body("{\"table\": \"" + namespace + ".orders\", \"name\": \"hold every batch\","
                            + " \"type\": \"accepted_values\", \"columns\": [\"customer\"],"
                            + " \"params\": {\"values\": [\"nobody\"]}, \"severity\": \"block\"}")
                    .post(Suite.gateway() + "/api/governance/v1/quality/rules")
                    .then()
                    .statusCode(201);
            given().auth()
                    .oauth2(steward)
                    .get(Suite.gateway() + "/api/catalog/v1/namespaces/" + namespace + "/tables/orders")
                    .then()
                    .statusCode(200)
                    .body("audit-branch", equalTo("audit"));

            post(namespace, ids(1, 4));
            List<Snapshot> batch1 = awaitBranchTotal(analyst, id, 3, List.of());
            Table table = analyst.loadTable(id);
            assertThat(table.currentSnapshot())
                    .as("main has no snapshot before a publish")
                    .isNull();
            assertThat(orderIds(table, "audit")).isEqualTo(ids(1, 4));
            assertThat(batch1).allSatisfy(s -> assertThat(s.summary()).containsKey("tributary.kafka.offsets"));

            List<String> modes = new ArrayList<>();
            for (Snapshot snapshot : batch1) {
                modes.add(publish(steward, namespace, snapshot.snapshotId()).getString("mode"));
            }
            assertThat(modes.get(0)).isEqualTo("fast-forward");
            table = analyst.loadTable(id);
            assertThat(orderIds(table, SnapshotRef.MAIN_BRANCH)).isEqualTo(ids(1, 4));
            assertThat(table.currentSnapshot().summary()).containsEntry("total-records", "3");

            post(namespace, ids(10, 15));
            List<Snapshot> batch2 = awaitBranchTotal(analyst, id, 8, batch1);
            post(namespace, ids(20, 27));
            List<Snapshot> seen = new ArrayList<>(batch1);
            seen.addAll(batch2);
            List<Snapshot> batch3 = awaitBranchTotal(analyst, id, 15, seen);

            for (Snapshot snapshot : batch3) {
                JsonPath answer = publish(steward, namespace, snapshot.snapshotId());
                assertThat(answer.getString("mode")).isEqualTo("cherry-pick");
                assertThat(answer.getLong("snapshot-id")).isEqualTo(snapshot.snapshotId());
            }
            table = analyst.loadTable(id);
            List<Long> published = new ArrayList<>(ids(1, 4));
            published.addAll(ids(20, 27));
            assertThat(orderIds(table, SnapshotRef.MAIN_BRANCH))
                    .as("main: batches 1 and 3, not 2")
                    .isEqualTo(published);
            assertThat(table.currentSnapshot().summary())
                    .containsEntry("total-records", "10")
                    .containsEntry(
                            "source-snapshot-id",
                            Long.toString(batch3.get(batch3.size() - 1).snapshotId()));
            List<Long> all = new ArrayList<>(ids(1, 4));
            all.addAll(ids(10, 15));
            all.addAll(ids(20, 27));
            assertThat(orderIds(table, "audit"))
                    .as("the branch keeps every batch")
                    .isEqualTo(all);

            long mainHead = table.currentSnapshot().snapshotId();
            JsonPath again =
                    publish(steward, namespace, batch3.get(batch3.size() - 1).snapshotId());
            assertThat(again.getString("mode")).isEqualTo("already-published");
            assertThat(again.getLong("main-snapshot-id")).isEqualTo(mainHead);
            assertThat(analyst.loadTable(id).currentSnapshot().snapshotId()).isEqualTo(mainHead);

            if (Trino.available()) {
                // Engines read main; the branch is there for whoever asks for it by name.
                String ada = Suite.userToken("ada");
                String orders = "\"" + namespace + "\".orders";
                assertThat(trinoCount(ada, "SELECT count(*) FROM " + orders)).isEqualTo(10);
                assertThat(trinoCount(ada, "SELECT count(*) FROM " + orders + " FOR VERSION AS OF 'audit'"))
                        .isEqualTo(15);
            }

            given().auth()
                    .oauth2(Suite.userToken("ana"))
                    .contentType("application/json")
                    .body("{\"snapshot-id\": " + batch2.get(0).snapshotId() + "}")
                    .post(publishUrl(namespace))
                    .then()
                    .statusCode(403);
        }
    }

    private static long trinoCount(String token, String sql) {
        return ((Number) Trino.run(token, sql).ok().get(0).get(0)).longValue();
    }

    private static List<Long> ids(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private static void post(String namespace, List<Long> ids) {
        String body = ids.stream()
                .map(i -> "{\"order_id\": " + i + ", \"customer\": \"c" + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        given().auth()
                .oauth2(Suite.producerToken())
                .contentType("application/json")
                .body(body)
                .post(Suite.gateway() + "/api/ingest/v1/tables/" + namespace + "/orders/records")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(ids.size()));
    }

    private static String publishUrl(String namespace) {
        return Suite.gateway() + "/api/catalog/v1/namespaces/" + namespace + "/tables/orders/branches/audit/publish";
    }

    private static JsonPath publish(String token, String namespace, long snapshotId) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"snapshot-id\": " + snapshotId + "}")
                .post(publishUrl(namespace))
                .then()
                .statusCode(200)
                .body("branch", equalTo("audit"))
                .extract()
                .jsonPath();
    }

    /**
     * Waits until the audit branch's head counts {@code total} records (a batch may take more than one commit), then
     * answers the branch's snapshots not in {@code before}, oldest first.
     */
    private static List<Snapshot> awaitBranchTotal(
            RESTCatalog catalog, TableIdentifier id, long total, List<Snapshot> before) throws InterruptedException {
        Table table = LakeWriterTest.poll(
                () -> catalog.loadTable(id),
                t -> {
                    SnapshotRef ref = t.refs().get("audit");
                    return ref != null
                            && Long.toString(total)
                                    .equals(t.snapshot(ref.snapshotId())
                                            .summary()
                                            .get("total-records"));
                },
                DEADLINE);
        SnapshotRef ref = table.refs().get("audit");
        assertThat(ref).as("branch audit").isNotNull();
        assertThat(table.snapshot(ref.snapshotId()).summary()).containsEntry("total-records", Long.toString(total));
        List<Long> known = before.stream().map(Snapshot::snapshotId).toList();
        List<Snapshot> added = new ArrayList<>();
        for (Snapshot s = table.snapshot(ref.snapshotId());
                s != null && !known.contains(s.snapshotId());
                s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            added.add(0, s);
        }
        return added;
    }

    /** The order ids on a branch, sorted; read as any Iceberg engine reads them. */
    private static List<Long> orderIds(Table table, String branch) {
        SnapshotRef ref = table.refs().get(branch);
        if (ref == null) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(table).useSnapshot(ref.snapshotId()).build()) {
            rows.forEach(r -> ids.add((Long) r.getField("order_id")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ids.sort(Long::compare);
        return ids;
    }
}
