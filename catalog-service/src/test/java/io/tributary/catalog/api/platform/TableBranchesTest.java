package io.tributary.catalog.api.platform;

import static io.tributary.catalog.api.platform.DatasetApiTest.ADMIN;
import static io.tributary.catalog.api.platform.DatasetApiTest.ANALYST;
import static io.tributary.catalog.api.platform.DatasetApiTest.DATASET;
import static io.tributary.catalog.api.platform.DatasetApiTest.STEWARD;
import static io.tributary.catalog.api.platform.DatasetApiTest.as;
import static io.tributary.catalog.api.platform.DatasetApiTest.unique;
import static io.tributary.catalog.events.CatalogEventsConsumer.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import io.tributary.catalog.events.CatalogEventsConsumer;
import io.tributary.contracts.events.EventTypes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Write-audit-publish: the audit-branch setting, branch events, and publishing a branch's snapshots to main. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class TableBranchesTest {

    private static final String PUBLISH = DATASET + "/branches/{branch}/publish";
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

    @Inject
    IcebergTestFixture fixture;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private RESTCatalog catalog;
    private String ns;
    private Table table;

    @BeforeEach
    void aTableOfItsOwn() {
        fixture.reset();
        catalog = fixture.restCatalog("branches", new HashMap<>());
        ns = unique("wap");
        catalog.createNamespace(Namespace.of(ns), new HashMap<>());
        table = catalog.createTable(TableIdentifier.of(ns, "orders"), SCHEMA);
    }

    @AfterEach
    void closeCatalog() throws Exception {
        catalog.close();
    }

    private static DataFile file(String name, long records) {
        return DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath("/lake/orders/" + name + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(100)
                .withRecordCount(records)
                .build();
    }

    /** Appends a file to a branch (main when null) and answers the new head's id. */
    private long append(String branch, String name, long records) {
        var append = table.newFastAppend().appendFile(file(name, records));
        if (branch != null) {
            append.toBranch(branch);
        }
        append.commit();
        table.refresh();
        return branch == null
                ? table.currentSnapshot().snapshotId()
                : table.refs().get(branch).snapshotId();
    }

    private List<String> mainFiles() {
        table.refresh();
        List<String> files = new ArrayList<>();
        table.newScan().planFiles().forEach(task -> files.add(task.file().location()));
        files.sort(String::compareTo);
        return files;
    }

    private io.restassured.response.ValidatableResponse publish(String token, String branch, Object snapshotId) {
        return as(token)
                .body("{\"snapshot-id\": " + snapshotId + "}")
                .post(PUBLISH, ns, "orders", branch)
                .then();
    }

    @Test
    void auditBranchIsSetShownAndClearedByStewardsAndAdmins() {
        as(STEWARD)
                .body("{\"audit-branch\": \"audit\"}")
                .patch(DATASET, ns, "orders")
                .then()
                .statusCode(200)
                .body("audit-branch", equalTo("audit"));
        as(ANALYST).get(DATASET, ns, "orders").then().statusCode(200).body("audit-branch", equalTo("audit"));
        table.refresh();
        assertThat(table.properties()).containsEntry("tributary.write.audit-branch", "audit");

        as(ADMIN)
                .body("{\"audit-branch\": null}")
                .patch(DATASET, ns, "orders")
                .then()
                .statusCode(200)
                .body("audit-branch", nullValue());
        table.refresh();
        assertThat(table.properties()).doesNotContainKey("tributary.write.audit-branch");
        as(ANALYST)
                .body("{\"audit-branch\": \"audit\"}")
                .patch(DATASET, ns, "orders")
                .then()
                .statusCode(403);
    }

    @Test
    void anAuditBranchThatIsMainATagOrNoRefNameIsRefused() {
        long head = append(null, "a", 1);
        table.manageSnapshots().createTag("v1", head).commit();
        for (String bad : List.of("\"main\"", "\"\"", "\"a b\"", "\".hidden\"", "42", "\"" + "x".repeat(65) + "\"")) {
            as(STEWARD)
                    .body("{\"audit-branch\": " + bad + "}")
                    .patch(DATASET, ns, "orders")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("/audit-branch"));
        }
        as(STEWARD)
                .body("{\"audit-branch\": \"v1\"}")
                .patch(DATASET, ns, "orders")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/audit-branch"))
                .body("errors[0].message", containsString("tag"));
        table.refresh();
        assertThat(table.properties()).doesNotContainKey("tributary.write.audit-branch");
    }

    @Test
    void commitsToABranchAreSnapshotEventsNamingTheBranch() throws Exception {
        String subject = ns + ".orders";
        try (CatalogEventsConsumer consumer = new CatalogEventsConsumer(bootstrapServers)) {
            long main = append(null, "a", 1);
            long audit = append("audit", "b", 2);
            publish(STEWARD, "audit", audit).statusCode(200);

            // The table's creation may still be on its way out of the outbox: only snapshot events count here.
            List<ConsumerRecord<String, String>> events =
                    consumer.consume(seen -> snapshotEvents(seen, subject).size() >= 3).stream()
                            .filter(r -> snapshotEvents(List.of(r), subject).size() == 1)
                            .toList();
            JsonNode first = read(events.get(0));
            assertThat(first.at("/data/branch").asText()).isEqualTo("main");
            assertThat(first.at("/data/snapshot-id").asLong()).isEqualTo(main);
            JsonNode onBranch = read(events.get(1));
            assertThat(onBranch.at("/data/branch").asText()).isEqualTo("audit");
            assertThat(onBranch.at("/data/snapshot-id").asLong()).isEqualTo(audit);
            assertThat(onBranch.at("/data/parent-snapshot-id").asLong()).isEqualTo(main);
            assertThat(onBranch.at("/data/added-records").asLong()).isEqualTo(2);
            assertThat(onBranch.at("/data/operation").asText()).isEqualTo("append");
            JsonNode published = read(events.get(2));
            assertThat(published.at("/data/branch").asText()).isEqualTo("main");
            assertThat(published.at("/data/snapshot-id").asLong()).isEqualTo(audit);
            assertThat(events).hasSize(3);
        }
    }

    private static List<ConsumerRecord<String, String>> snapshotEvents(
            List<ConsumerRecord<String, String>> records, String subject) {
        return records.stream()
                .filter(r -> subject.equals(r.key()))
                .filter(r -> EventTypes.SNAPSHOT_COMMITTED.equals(CatalogEventsConsumer.type(r)))
                .toList();
    }

    @Test
    void publishFastForwardsThenCherryPicksAndAnswersRepeatsWithWhatMainHolds() {
        long main = append(null, "a", 1);
        long b1 = append("audit", "b1", 1);
        append("audit", "b2", 1);
        long b3 = append("audit", "b3", 1);

        publish(STEWARD, "audit", b1)
                .statusCode(200)
                .body("branch", equalTo("audit"))
                .body("snapshot-id", equalTo(b1))
                .body("main-snapshot-id", equalTo(b1))
                .body("mode", equalTo("fast-forward"));
        publish(ADMIN, "audit", b1).statusCode(200).body("mode", equalTo("already-published"));
        publish(ADMIN, "audit", main)
                .statusCode(200)
                .body("main-snapshot-id", equalTo(main))
                .body("mode", equalTo("already-published"));

        long picked = publish(STEWARD, "audit", b3)
                .statusCode(200)
                .body("snapshot-id", equalTo(b3))
                .body("mode", equalTo("cherry-pick"))
                .extract()
                .jsonPath()
                .getLong("main-snapshot-id");
        table.refresh();
        Snapshot head = table.currentSnapshot();
        assertThat(head.snapshotId()).isEqualTo(picked).isNotEqualTo(b3);
        assertThat(head.parentId()).isEqualTo(b1);
        assertThat(head.summary()).containsEntry("source-snapshot-id", Long.toString(b3));
        assertThat(mainFiles())
                .containsExactly("/lake/orders/a.parquet", "/lake/orders/b1.parquet", "/lake/orders/b3.parquet");
        assertThat(table.refs().get("audit").snapshotId())
                .as("the branch is left as it was")
                .isEqualTo(b3);

        publish(STEWARD, "audit", b3)
                .statusCode(200)
                .body("main-snapshot-id", equalTo(picked))
                .body("mode", equalTo("already-published"));
        table.refresh();
        assertThat(table.currentSnapshot().snapshotId()).as("no new commit").isEqualTo(picked);
        assertThat(mainFiles()).as("b2, never published, stays off main").doesNotContain("/lake/orders/b2.parquet");
    }

    @Test
    void aSnapshotOnAnEmptyMainIsFastForwarded() {
        long b1 = append("audit", "b1", 1);
        publish(STEWARD, "audit", b1).statusCode(200).body("mode", equalTo("fast-forward"));
        table.refresh();
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(b1);
    }

    @Test
    void unknownBranchesAndSnapshotsAndOtherOperationsAreRefused() {
        append(null, "a", 1);
        long b1 = append("audit", "b1", 1);
        long other = append("other", "o1", 1);
        table.newDelete()
                .deleteFile("/lake/orders/b1.parquet")
                .toBranch("audit")
                .commit();
        table.refresh();
        long delete = table.refs().get("audit").snapshotId();

        publish(STEWARD, "nope", b1)
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("no branch 'nope'"));
        publish(STEWARD, "audit", 12345).statusCode(404).body("detail", containsString("no snapshot 12345"));
        publish(STEWARD, "audit", other).statusCode(404).body("detail", containsString("not on branch 'audit'"));
        publish(STEWARD, "audit", delete)
                .statusCode(400)
                .body("detail", containsString("a delete"))
                .body("errors[0].pointer", equalTo("/snapshot-id"));
        publish(STEWARD, "main", b1).statusCode(400);
        publish(STEWARD, "audit", "\"x\"").statusCode(400).body("errors[0].pointer", equalTo("/snapshot-id"));
        as(STEWARD)
                .body("{}")
                .post(PUBLISH, ns, "orders", "audit")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/snapshot-id"));
        as(STEWARD)
                .body("{\"snapshot-id\": 1, \"x\": 1}")
                .post(PUBLISH, ns, "orders", "audit")
                .then()
                .statusCode(400);
        as(STEWARD)
                .body("{\"snapshot-id\": 1}")
                .post(PUBLISH, ns, "missing", "audit")
                .then()
                .statusCode(404);
        publish(ANALYST, "audit", b1).statusCode(403);
        table.refresh();
        assertThat(mainFiles()).containsExactly("/lake/orders/a.parquet");
    }
}
