package io.tributary.catalog.api.iceberg;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.restassured.response.ValidatableResponse;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.catalog.core.iceberg.WarehouseStorage;
import io.tributary.catalog.store.CatalogSchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.auth.OAuth2Properties;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.Readiness;

/**
 * What every Iceberg test of this service needs: an empty catalog and warehouse, real Iceberg REST clients pointed at
 * the running test server, and a look at the rows and files a request left behind.
 */
@ApplicationScoped
public class IcebergTestFixture {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @Readiness
    CatalogSchemaMigration schema;

    @Inject
    WarehouseStorage storage;

    /** The local warehouse directory (under the S3 profile: a local directory the service does not use). */
    public Path warehouse() {
        return Path.of(ConfigProvider.getConfig().getValue(TemporaryWarehouse.PROPERTY, String.class));
    }

    private boolean inS3() {
        return storage.location().startsWith("s3://");
    }

    /** Where a test may place tables of its own: the local warehouse directory, or the test bucket's root. */
    public String testRoot() {
        return inS3()
                ? ConfigProvider.getConfig().getValue(S3Warehouse.ROOT_PROPERTY, String.class)
                : warehouse().toUri().toString();
    }

    /** Waits for the schema, empties the catalog's tables and wipes the warehouse. */
    public void reset() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!schema.isMigrated()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The catalog schema was not migrated within 60 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            // DELETE beats TRUNCATE on tables this small, and every test starts with one.
            statement.execute("DELETE FROM iceberg_relations");
            statement.execute("DELETE FROM iceberg_namespaces");
            statement.execute("DELETE FROM iceberg_metrics_reports");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (inS3()) {
            ((SupportsPrefixOperations) storage.io()).deletePrefix(testRoot());
        } else {
            TemporaryWarehouse.deleteContents(warehouse());
        }
    }

    /** An Iceberg REST client acting as a platform admin. */
    public RESTCatalog restCatalog(String name, Map<String, String> additional) {
        return restCatalog(name, TestTokens.withRoles("ada", Roles.PLATFORM_ADMIN), additional);
    }

    public RESTCatalog restCatalog(String name, String token, Map<String, String> additional) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        Map<String, String> properties = new HashMap<>();
        properties.put(CatalogProperties.URI, "http://127.0.0.1:" + port + "/iceberg");
        properties.put("rest.auth.type", "oauth2");
        properties.put(OAuth2Properties.TOKEN, token);
        properties.put(OAuth2Properties.TOKEN_REFRESH_ENABLED, "false");
        if (inS3()) {
            // The server tells clients where S3 is but never hands out its keys; a client brings its own.
            properties.put("s3.access-key-id", System.getenv("TRIBUTARY_S3_ACCESS_KEY"));
            properties.put("s3.secret-access-key", System.getenv("TRIBUTARY_S3_SECRET_KEY"));
            properties.put("http-client.type", "urlconnection");
        }
        properties.putAll(additional);
        RESTCatalog catalog = new RESTCatalog();
        catalog.initialize(name, properties);
        return catalog;
    }

    /** Rows in one of the catalog's tables, for asserting that a refused request changed nothing. */
    public long rows(String table) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The current metadata location of a table or view in a one-level namespace, null if there is none. */
    public String metadataLocation(String namespace, String name) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT metadata_location FROM iceberg_relations WHERE namespace = ? AND name = ?")) {
            select.setArray(1, connection.createArrayOf("text", new String[] {namespace}));
            select.setString(2, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file under the warehouse, for asserting that a refused request wrote nothing. */
    public List<Path> warehouseFiles() {
        try (Stream<Path> files = Files.walk(warehouse())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An Iceberg ErrorModel body with this code and exception type. */
    public static ValidatableResponse assertErrorModel(ValidatableResponse response, int code, String type) {
        return response.statusCode(code)
                .contentType(startsWith("application/json"))
                .body("error.code", equalTo(code))
                .body("error.type", equalTo(type))
                .body("error.message", notNullValue());
    }
}
