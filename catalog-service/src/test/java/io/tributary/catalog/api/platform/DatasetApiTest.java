package io.tributary.catalog.api.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import io.tributary.catalog.store.DatasetIndexBackfill;
import io.tributary.contracts.Topics;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The platform API over real PostgreSQL and Kafka: datasets, contracts, histories, search and bad input. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class DatasetApiTest {

    static final String DATASETS = "/api/catalog/v1/datasets";
    static final String DATASET = "/api/catalog/v1/namespaces/{ns}/tables/{table}";
    static final String CONTRACT = DATASET + "/contract";
    static final String ADMIN = TestTokens.withRoles("ada", Roles.PLATFORM_ADMIN);
    static final String STEWARD = TestTokens.withRoles("sam", Roles.DATA_STEWARD);
    static final String ANALYST = TestTokens.withRoles("ana", Roles.DATA_ANALYST);
    static final String PRODUCER = TestTokens.withRoles("pat", Roles.DATA_PRODUCER);

    @Inject
    IcebergTestFixture fixture;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DatasetIndexBackfill backfill;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void emptyCatalog() {
        fixture.reset();
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    static String ordersBody(String ns, String name) {
        return """
                {"namespace": "%s", "name": "%s",
                 "columns": [
                   {"name": "order_id", "type": "long", "required": true, "doc": "the order"},
                   {"name": "email", "type": "string"},
                   {"name": "amount", "type": "decimal(10, 2)"},
                   {"name": "created_at", "type": "timestamptz", "required": true}],
                 "partition-spec": [{"column": "created_at", "transform": "day"}],
                 "owner": "team-sales", "description": "Orders placed in the web shop",
                 "tags": ["finance", "gold"], "column-tags": {"email": ["pii"]},
                 "key": "order_id", "producers": ["shop-backend", "*"]}
                """.formatted(ns, name);
    }

    static void create(String ns, String name) {
        as(ADMIN).body(ordersBody(ns, name)).post(DATASETS).then().statusCode(201);
    }

    @Test
    void createsTableAndTopicThenReadsPatchesListsAndDeletes() throws Exception {
        String ns = unique("sales");
        as(ADMIN)
                .body(ordersBody(ns, "orders"))
                .post(DATASETS)
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/catalog/v1/namespaces/" + ns + "/tables/orders"))
                .body("id", equalTo(ns + ".orders"))
                .body("owner", equalTo("team-sales"))
                .body("tags", contains("finance", "gold"))
                .body("column-tags.email", contains("pii"))
                .body("schema.fields.name", contains("order_id", "email", "amount", "created_at"))
                .body("partition-spec.fields[0].transform", equalTo("day"))
                .body("contract.compatibility", equalTo("BACKWARD"))
                .body("ingest-topic", equalTo(Topics.ingest(ns, "orders")));

        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicDescription topic = kafka.describeTopics(List.of(Topics.ingest(ns, "orders")))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(Topics.ingest(ns, "orders"));
            assertThat(topic.partitions()).hasSize(3);
        }

        as(ANALYST)
                .get(DATASET, ns, "orders")
                .then()
                .statusCode(200)
                .body("description", equalTo("Orders placed in the web shop"))
                .body("current-snapshot-id", nullValue());
        as(PRODUCER)
                .get(CONTRACT, ns, "orders")
                .then()
                .statusCode(200)
                .body("version", equalTo(0))
                .body("key", equalTo("order_id"))
                .body("schema.fields[0].name", equalTo("order_id"))
                .body("compatibility", equalTo("BACKWARD"))
                .body("producers", contains("shop-backend", "*"));
        as(PRODUCER).get(DATASET, ns, "orders").then().statusCode(403).contentType("application/problem+json");

        // Stewards curate; analysts only read.
        as(ANALYST)
                .body("{\"tags\": [\"x\"]}")
                .patch(DATASET, ns, "orders")
                .then()
                .statusCode(403);
        as(STEWARD)
                .body(
                        "{\"tags\": [\"finance\", \"silver\"], \"column-tags\": {\"amount\": [\"money\"], \"email\": null},"
                                + " \"description\": null}")
                .patch(DATASET, ns, "orders")
                .then()
                .statusCode(200)
                .body("tags", contains("finance", "silver"))
                .body("column-tags.amount", contains("money"))
                .body("column-tags.email", nullValue())
                .body("description", nullValue())
                .body("owner", equalTo("team-sales"));
        as(ANALYST).get(DATASET, ns, "orders").then().statusCode(200).body("tags", contains("finance", "silver"));

        create(ns, "refunds");
        as(STEWARD)
                .body("{\"owner\": \"team-finance\"}")
                .patch(DATASET, ns, "refunds")
                .then()
                .statusCode(200);
        as(ANALYST)
                .queryParam("namespace", ns)
                .get(DATASETS)
                .then()
                .statusCode(200)
                .body("datasets.name", contains("orders", "refunds"));
        as(ANALYST)
                .queryParam("tag", "silver")
                .get(DATASETS)
                .then()
                .statusCode(200)
                .body("datasets.id", contains(ns + ".orders"));
        as(ANALYST)
                .queryParam("tag", "money")
                .get(DATASETS)
                .then()
                .statusCode(200)
                .body("datasets.id", contains(ns + ".orders"));
        as(ANALYST)
                .queryParam("owner", "team-finance")
                .get(DATASETS)
                .then()
                .statusCode(200)
                .body("datasets.id", contains(ns + ".refunds"));
        String cursor = as(ANALYST)
                .queryParam("limit", 1)
                .get(DATASETS)
                .then()
                .statusCode(200)
                .body("datasets.name", contains("orders"))
                .extract()
                .path("next-cursor");
        as(ANALYST)
                .queryParam("limit", 1)
                .queryParam("cursor", cursor)
                .get(DATASETS)
                .then()
                .statusCode(200)
                .body("datasets.name", contains("refunds"))
                .body("next-cursor", nullValue());

        // Only platform admins create and delete; the second create of the same name is a conflict.
        as(STEWARD).body(ordersBody(ns, "other")).post(DATASETS).then().statusCode(403);
        as(ADMIN)
                .body(ordersBody(ns, "orders"))
                .post(DATASETS)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        as(STEWARD).delete(DATASET, ns, "orders").then().statusCode(403);
        as(ADMIN).delete(DATASET, ns, "orders").then().statusCode(204);
        as(ANALYST).get(DATASET, ns, "orders").then().statusCode(404).contentType("application/problem+json");
        as(ADMIN).delete(DATASET, ns, "orders").then().statusCode(404);
        as(ANALYST).queryParam("namespace", ns).get(DATASETS).then().body("datasets.name", contains("refunds"));
        assertThat(fixture.rows("catalog_datasets")).isEqualTo(1);
    }

    @Test
    void tablesMadeThroughIcebergRestAreDatasetsAndFollowRenames() throws Exception {
        try (RESTCatalog catalog = fixture.restCatalog("platform", new HashMap<>())) {
            catalog.createNamespace(Namespace.of("lake"), new HashMap<>());
            Table table = catalog.createTable(
                    TableIdentifier.of("lake", "clicks"),
                    new Schema(Types.NestedField.required(1, "click_id", Types.LongType.get())));
            as(ANALYST)
                    .get(DATASET, "lake", "clicks")
                    .then()
                    .statusCode(200)
                    .body("owner", nullValue())
                    .body("tags", empty())
                    .body("contract.compatibility", equalTo("NONE"))
                    .body("contract.producers", empty());
            as(ANALYST).get(DATASETS).then().body("datasets.id", contains("lake.clicks"));

            table.updateProperties()
                    .set("tributary.tags", "web,raw")
                    .set("tributary.ingest.producers", "tracker")
                    .commit();
            as(ANALYST).get(DATASET, "lake", "clicks").then().body("tags", contains("web", "raw"));
            as(PRODUCER).get(CONTRACT, "lake", "clicks").then().body("producers", contains("tracker"));

            catalog.renameTable(TableIdentifier.of("lake", "clicks"), TableIdentifier.of("lake", "page_clicks"));
            as(ANALYST).get(DATASET, "lake", "clicks").then().statusCode(404);
            as(ANALYST)
                    .get(DATASET, "lake", "page_clicks")
                    .then()
                    .statusCode(200)
                    .body("tags", contains("web", "raw"));
            as(ANALYST)
                    .queryParam("q", "page")
                    .get("/api/catalog/v1/search")
                    .then()
                    .statusCode(200)
                    .body("hits.id", contains("lake.page_clicks"));
            as(ANALYST).queryParam("tag", "web").get(DATASETS).then().body("datasets.id", contains("lake.page_clicks"));

            catalog.dropTable(TableIdentifier.of("lake", "page_clicks"), false);
            as(ANALYST)
                    .queryParam("q", "page")
                    .get("/api/catalog/v1/search")
                    .then()
                    .body("total", equalTo(0));
            assertThat(fixture.rows("catalog_datasets")).isZero();
            assertThat(fixture.rows("catalog_schema_history")).isZero();
        }
    }

    @Test
    void tablesIndexedBeforeTheDatasetIndexAreBackfilled() throws Exception {
        try (RESTCatalog catalog = fixture.restCatalog("platform", new HashMap<>())) {
            catalog.createNamespace(Namespace.of("legacy"), new HashMap<>());
            catalog.buildTable(
                            TableIdentifier.of("legacy", "events"),
                            new Schema(Types.NestedField.required(1, "device_serial", Types.StringType.get())))
                    .withProperty("tributary.tags", "iot")
                    .create();
        }
        // What V3 leaves for a table that existed before it: a row with the name only.
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE catalog_datasets SET tags = '{}', columns = '{}', tag_text = ''");
        }
        as(ANALYST)
                .queryParam("q", "device")
                .get("/api/catalog/v1/search")
                .then()
                .body("total", equalTo(0));

        assertThat(backfill.backfill()).isEqualTo(1);
        as(ANALYST)
                .queryParam("q", "device")
                .get("/api/catalog/v1/search")
                .then()
                .body("hits.id", contains("legacy.events"))
                .body("hits[0].highlights.columns", contains("device_serial"));
        as(ANALYST).queryParam("tag", "iot").get(DATASETS).then().body("datasets.id", contains("legacy.events"));
        assertThat(backfill.backfill()).isZero();
    }

    @Test
    void schemaAndSnapshotHistories() throws Exception {
        String ns = unique("hist");
        as(ADMIN)
                .body(ordersBody(ns, "orders")
                        .replace("\"partition-spec\": [{\"column\": \"created_at\", \"transform\": \"day\"}],", ""))
                .post(DATASETS)
                .then()
                .statusCode(201)
                .body("partition-spec.fields", empty());
        as(ADMIN)
                .body("""
                {"columns": [
                   {"name": "order_id", "type": "long", "required": true},
                   {"name": "email", "type": "string"},
                   {"name": "amount", "type": "decimal(12, 2)"},
                   {"name": "created_at", "type": "timestamptz", "required": true},
                   {"name": "channel", "type": "string"}]}
                """)
                .put(CONTRACT, ns, "orders")
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("schema.fields.name", contains("order_id", "email", "amount", "created_at", "channel"))
                .body("schema.fields[0].id", equalTo(1))
                .body("schema.fields[4].id", equalTo(5));

        try (RESTCatalog catalog = fixture.restCatalog("platform", new HashMap<>())) {
            Table table = catalog.loadTable(TableIdentifier.of(ns, "orders"));
            for (int i = 1; i <= 3; i++) {
                table.newFastAppend()
                        .appendFile(DataFiles.builder(table.spec())
                                .withPath("/lake/orders/" + i + ".parquet")
                                .withFormat(FileFormat.PARQUET)
                                .withFileSizeInBytes(10)
                                .withRecordCount(i)
                                .build())
                        .commit();
            }
        }

        as(ANALYST)
                .get(DATASET + "/schemas", ns, "orders")
                .then()
                .statusCode(200)
                .body("current-schema-id", equalTo(1))
                .body("schemas.schema-id", contains(0, 1))
                .body("schemas.current", contains(false, true))
                .body("schemas[0].became-current-at", notNullValue())
                .body("schemas[1].became-current-at", notNullValue())
                .body("schemas[1].fields.name", hasItem("channel"))
                .body("schemas[0].fields.name", not(hasItem("channel")));

        Response first = as(ANALYST).queryParam("limit", 2).get(DATASET + "/snapshots", ns, "orders");
        first.then()
                .statusCode(200)
                .body("snapshots", hasSize(2))
                .body("snapshots[0].current", equalTo(true))
                .body("snapshots[0].operation", equalTo("append"))
                .body("snapshots[0].summary.added-records", equalTo("3"))
                .body("snapshots[1].summary.added-records", equalTo("2"))
                .body("next-cursor", notNullValue());
        long second = first.path("snapshots[1].snapshot-id");
        as(ANALYST)
                .queryParam("limit", 2)
                .queryParam("cursor", (String) first.path("next-cursor"))
                .get(DATASET + "/snapshots", ns, "orders")
                .then()
                .statusCode(200)
                .body("snapshots", hasSize(1))
                .body("snapshots[0].summary.added-records", equalTo("1"))
                .body("snapshots[0].parent-snapshot-id", nullValue())
                .body("next-cursor", nullValue());
        Long parentOfSecond = first.path("snapshots[1].parent-snapshot-id");
        assertThat(parentOfSecond).isNotNull();
        assertThat((Long) first.path("snapshots[0].parent-snapshot-id")).isEqualTo(second);
        as(ANALYST)
                .queryParam("cursor", "garbage!")
                .get(DATASET + "/snapshots", ns, "orders")
                .then()
                .statusCode(400);
    }

    @Test
    void incompatibleContractChangeIs409WithOneErrorPerFieldAndChangesNothing() {
        String ns = unique("compat");
        create(ns, "orders");
        String breaking = """
                {"columns": [
                   {"name": "order_id", "type": "int", "required": true},
                   {"name": "email", "type": "string", "required": true},
                   {"name": "amount", "type": "decimal(10, 2)"},
                   {"name": "created_at", "type": "timestamptz", "required": true},
                   {"name": "tenant", "type": "string", "required": true}]}
                """;
        as(ADMIN)
                .body(breaking)
                .put(CONTRACT, ns, "orders")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tributary.io/problems/incompatible-schema"))
                .body("status", equalTo(409))
                .body("compatibility", equalTo("BACKWARD"))
                .body("errors", hasSize(3))
                .body("errors.pointer", contains("/order_id", "/email", "/tenant"))
                .body("errors.change", contains("type-changed", "made-required", "added-required-field"))
                .body("errors[0].previous", equalTo("required long"))
                .body("errors[0].proposed", equalTo("required int"))
                .body("errors.rule", contains("BACKWARD", "BACKWARD", "BACKWARD"))
                .body("errors[2].message", containsString("without a default"));
        as(PRODUCER)
                .get(CONTRACT, ns, "orders")
                .then()
                .body("version", equalTo(0))
                .body("schema.fields", hasSize(4));

        // FORWARD judges the other direction: widening int data is fine backward but not forward.
        as(ADMIN)
                .body("{\"compatibility\": \"FORWARD\"}")
                .put(CONTRACT, ns, "orders")
                .then()
                .statusCode(200)
                .body("compatibility", equalTo("FORWARD"))
                .body("version", equalTo(0));
        as(ADMIN)
                .body("""
                {"columns": [
                   {"name": "order_id", "type": "long", "required": true},
                   {"name": "email", "type": "string"},
                   {"name": "amount", "type": "decimal(12, 2)"},
                   {"name": "created_at", "type": "timestamptz", "required": true}]}
                """)
                .put(CONTRACT, ns, "orders")
                .then()
                .statusCode(409)
                .body("errors.pointer", contains("/amount"))
                .body("errors[0].rule", equalTo("FORWARD"));
        // Adding a required field and dropping an optional one are FORWARD compatible.
        as(ADMIN).body("""
                {"columns": [
                   {"name": "order_id", "type": "long", "required": true},
                   {"name": "amount", "type": "decimal(10, 2)"},
                   {"name": "created_at", "type": "timestamptz", "required": true},
                   {"name": "tenant", "type": "string", "required": true}]}
                """).put(CONTRACT, ns, "orders").then().statusCode(200).body("version", equalTo(1));

        // Switching to NONE in the same change lets anything through.
        as(ADMIN)
                .body(breaking.replace("{\"columns\"", "{\"compatibility\": \"NONE\", \"columns\""))
                .put(CONTRACT, ns, "orders")
                .then()
                .statusCode(200)
                .body("compatibility", equalTo("NONE"))
                .body("version", equalTo(2));

        as(STEWARD)
                .body("{\"compatibility\": \"FULL\"}")
                .put(CONTRACT, ns, "orders")
                .then()
                .statusCode(403);
        as(ADMIN)
                .body("{\"key\": \"nope\"}")
                .put(CONTRACT, ns, "orders")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/key"));
        as(ADMIN)
                .body("{\"producers\": [\"a b\"]}")
                .put(CONTRACT, ns, "orders")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/producers"));
        as(ADMIN)
                .body("{\"producers\": []}")
                .put(CONTRACT, ns, "orders")
                .then()
                .statusCode(200)
                .body("producers", empty());
    }

    @Test
    void icebergCommitsAreHeldToTheModeToo() throws Exception {
        String ns = unique("rest");
        create(ns, "orders");
        try (RESTCatalog catalog = fixture.restCatalog("platform", new HashMap<>())) {
            Table table = catalog.loadTable(TableIdentifier.of(ns, "orders"));
            CommitFailedException refused = assertThrows(
                    CommitFailedException.class,
                    () -> table.updateSchema()
                            .allowIncompatibleChanges()
                            .addRequiredColumn("tenant", Types.StringType.get())
                            .commit());
            assertThat(refused.getMessage()).contains("tenant").contains("BACKWARD");
            table.updateSchema().addColumn("channel", Types.StringType.get()).commit();
            as(PRODUCER)
                    .get(CONTRACT, ns, "orders")
                    .then()
                    .body("version", equalTo(1))
                    .body("schema.fields.name", hasItem("channel"))
                    .body("schema.fields.name", not(hasItem("tenant")));

            // The wire answer is Iceberg's ErrorModel.
            String body = """
                    {"requirements": [], "updates": [
                      {"action": "add-schema", "schema": {"type": "struct", "schema-id": 7, "fields": [
                        {"id": 1, "name": "order_id", "type": "string", "required": true},
                        {"id": 2, "name": "email", "type": "string", "required": false},
                        {"id": 3, "name": "amount", "type": "decimal(10, 2)", "required": false},
                        {"id": 4, "name": "created_at", "type": "timestamptz", "required": true}]}},
                      {"action": "set-current-schema", "schema-id": -1}]}
                    """;
            IcebergTestFixture.assertErrorModel(
                            as(ADMIN)
                                    .body(body)
                                    .post("/iceberg/v1/namespaces/" + ns + "/tables/orders")
                                    .then(),
                            409,
                            "CommitFailedException")
                    .body("error.message", containsString("order_id"));
        }
    }

    @Test
    void searchRanksNameMatchesFirstAndPagesStably() {
        String ns = unique("shop");
        as(ADMIN).body("""
                {"namespace": "%s", "name": "invoices", "columns": [{"name": "id", "type": "long"}],
                 "description": "Bills sent to customers"}
                """.formatted(ns)).post(DATASETS).then().statusCode(201);
        as(ADMIN).body("""
                {"namespace": "%s", "name": "payments", "columns": [{"name": "invoice_number", "type": "string"}]}
                """.formatted(ns)).post(DATASETS).then().statusCode(201);
        as(ADMIN).body("""
                {"namespace": "%s", "name": "ledger", "columns": [{"name": "id", "type": "long"}],
                 "description": "Every invoice, invoice line and invoice correction, invoice after invoice"}
                """.formatted(ns)).post(DATASETS).then().statusCode(201);
        as(ADMIN).body("""
                {"namespace": "%s", "name": "customers", "columns": [{"name": "id", "type": "long"}],
                 "description": "People who buy things"}
                """.formatted(ns)).post(DATASETS).then().statusCode(201);

        as(ANALYST)
                .queryParam("q", "invoice")
                .get("/api/catalog/v1/search")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("hits.name", contains("invoices", "payments", "ledger"))
                .body("hits[0].matched", hasItem("name"))
                .body("hits[1].matched", contains("columns"))
                .body("hits[1].highlights.columns", contains("invoice_number"))
                .body("hits[2].matched", contains("description"))
                .body("hits[2].highlights.description", containsString("<mark>invoice</mark>"));
        // Prefixes match, and pages of one follow the same order.
        for (int offset = 0; offset < 3; offset++) {
            as(ANALYST)
                    .queryParam("q", "invo")
                    .queryParam("limit", 1)
                    .queryParam("offset", offset)
                    .get("/api/catalog/v1/search")
                    .then()
                    .statusCode(200)
                    .body(
                            "hits.name",
                            contains(List.of("invoices", "payments", "ledger").get(offset)))
                    .body("next-offset", offset < 2 ? equalTo(offset + 1) : nullValue());
        }
        as(ANALYST)
                .queryParam("q", "buy people")
                .get("/api/catalog/v1/search")
                .then()
                .body("hits.name", contains("customers"));
        as(ANALYST)
                .queryParam("q", "invoice & ! | :* ( ' ; DROP TABLE catalog_datasets; --")
                .get("/api/catalog/v1/search")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        as(ANALYST)
                .queryParam("q", "&|!():*'")
                .get("/api/catalog/v1/search")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("q"));
        as(ANALYST)
                .queryParam("q", "x".repeat(1_000))
                .get("/api/catalog/v1/search")
                .then()
                .statusCode(400);
        as(ANALYST)
                .queryParam("q", "a b c d e f g h i j k l m n o p q")
                .get("/api/catalog/v1/search")
                .then()
                .statusCode(400);
        as(ANALYST).get("/api/catalog/v1/search").then().statusCode(400);
        as(ANALYST)
                .queryParam("q", "invoice")
                .queryParam("limit", "0")
                .get("/api/catalog/v1/search")
                .then()
                .statusCode(400);
        as(PRODUCER)
                .queryParam("q", "invoice")
                .get("/api/catalog/v1/search")
                .then()
                .statusCode(403);

        // The index follows tag and description changes at once (same transaction as the commit).
        as(STEWARD)
                .body("{\"tags\": [\"invoices-eu\"], \"description\": null}")
                .patch(DATASET, ns, "customers")
                .then()
                .statusCode(200);
        as(STEWARD)
                .body("{\"description\": \"Nothing to see\"}")
                .patch(DATASET, ns, "ledger")
                .then()
                .statusCode(200);
        as(ANALYST)
                .queryParam("q", "invoice")
                .get("/api/catalog/v1/search")
                .then()
                .statusCode(200)
                .body("hits.name", contains("invoices", "customers", "payments"))
                .body("hits[1].matched", contains("tags"))
                .body("hits[1].highlights.tags", contains("invoices-eu"));
        as(ANALYST)
                .queryParam("q", "people")
                .get("/api/catalog/v1/search")
                .then()
                .body("total", equalTo(0));
        assertThat(fixture.rows("catalog_datasets")).isEqualTo(4);
    }
}
