package io.tributary.catalog.store;

import static io.tributary.catalog.store.CatalogDatabase.array;
import static io.tributary.catalog.store.CatalogDatabase.levels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.catalog.core.dataset.DatasetEntry;
import io.tributary.catalog.core.dataset.DatasetIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The dataset index ({@code catalog_datasets} and {@code catalog_schema_history}, {@code V3__datasets.sql}): read for
 * listing and search, and written on the connection of each commit ({@link PostgresCatalogStore}), so it changes in
 * the same transaction as the metadata pointer.
 */
@ApplicationScoped
public class PostgresDatasetIndex implements DatasetIndex {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, List<String>>> COLUMN_TAGS = new TypeReference<>() {};
    /** ts_rank weights {D, C, B, A}; the tier below makes name matches outrank the rest regardless of counts. */
    private static final String RANK = "ts_rank('{0.01, 0.1, 0.3, 1.0}', d.document, q)"
            + " + CASE WHEN ts_filter(d.document, '{a}') @@ q THEN 2 WHEN ts_filter(d.document, '{a,b}') @@ q THEN 1 ELSE 0 END";

    private final CatalogDatabase database;

    public PostgresDatasetIndex(DataSource dataSource) {
        this.database = new CatalogDatabase(dataSource);
    }

    @Override
    public Page list(Filter filter, int limit) {
        StringBuilder sql = new StringBuilder(
                "SELECT r.namespace, r.name, d.owner, d.description, d.tags, d.column_tags::text,"
                        + " d.columns, coalesce(d.updated_at, r.updated_at) FROM iceberg_relations r"
                        + " LEFT JOIN catalog_datasets d ON d.namespace = r.namespace AND d.name = r.name WHERE r.kind = 'TABLE'");
        List<Object> params = new ArrayList<>();
        filter.namespace().ifPresent(ns -> {
            sql.append(" AND r.namespace = ?");
            params.add(ns);
        });
        filter.tag().ifPresent(tag -> {
            sql.append(" AND (? = ANY(d.tags) OR ? = ANY(d.column_tag_values))");
            params.add(tag);
            params.add(tag);
        });
        filter.owner().ifPresent(owner -> {
            sql.append(" AND d.owner = ?");
            params.add(owner);
        });
        filter.after().ifPresent(after -> {
            sql.append(" AND (r.namespace > ? OR (r.namespace = ? AND r.name > ?))");
            params.add(after.namespace());
            params.add(after.namespace());
            params.add(after.name());
        });
        sql.append(" ORDER BY r.namespace, r.name LIMIT ").append(limit + 1);
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                bind(connection, select, params);
                List<Summary> result = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(summary(rows));
                    }
                }
                boolean more = result.size() > limit;
                return new Page(more ? result.subList(0, limit) : result, more);
            }
        });
    }

    @Override
    public SearchResult search(List<String> terms, int limit, int offset) {
        // Terms are letters and digits only (checked by the caller), so they are safe tsquery operands.
        String query = terms.stream().map(term -> term + ":*").collect(Collectors.joining(" & "));
        String sql = "SELECT d.namespace, d.name, d.owner, d.description, d.tags, d.column_tags::text, d.columns,"
                + " d.updated_at, " + RANK + " AS rank,"
                + " CASE WHEN d.description IS NULL THEN NULL ELSE ts_headline('simple', d.description, q,"
                + " 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=20, MinWords=5') END,"
                + " count(*) OVER ()"
                + " FROM catalog_datasets d, to_tsquery('simple', ?) q WHERE d.document @@ q"
                + " ORDER BY rank DESC, d.namespace, d.name LIMIT ? OFFSET ?";
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, query);
                select.setInt(2, limit);
                select.setInt(3, offset);
                List<Hit> hits = new ArrayList<>();
                long total = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        hits.add(new Hit(summary(rows), rows.getDouble(9), rows.getString(10)));
                        total = rows.getLong(11);
                    }
                }
                if (hits.isEmpty() && offset > 0) {
                    total = count(connection, query);
                }
                return new SearchResult(hits, total);
            }
        });
    }

    private static long count(Connection connection, String query) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM catalog_datasets d WHERE d.document @@ to_tsquery('simple', ?)")) {
            select.setString(1, query);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Override
    public Map<Integer, List<Instant>> schemaTimes(TableIdentifier identifier) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT schema_id, became_current_at FROM catalog_schema_history WHERE namespace = ? AND name = ?"
                            + " ORDER BY seq")) {
                select.setArray(
                        1,
                        connection.createArrayOf("text", identifier.namespace().levels()));
                select.setString(2, identifier.name());
                Map<Integer, List<Instant>> times = new TreeMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        times.computeIfAbsent(rows.getInt(1), id -> new ArrayList<>())
                                .add(rows.getTimestamp(2).toInstant());
                    }
                }
                return times;
            }
        });
    }

    // ---- writes, on the connection of the change they belong to ---------------------------------------------------

    /** Writes a table's row, and its schema history when the current schema changed; nothing for a null entry. */
    void write(Connection connection, TableIdentifier identifier, DatasetEntry entry) throws SQLException {
        if (entry == null) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO catalog_datasets (namespace, name, owner, description, tags, column_tags, column_tag_values,"
                        + " columns, name_text, tag_text, description_text) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (namespace, name) DO UPDATE SET owner = EXCLUDED.owner,"
                        + " description = EXCLUDED.description, tags = EXCLUDED.tags, column_tags = EXCLUDED.column_tags,"
                        + " column_tag_values = EXCLUDED.column_tag_values, columns = EXCLUDED.columns,"
                        + " name_text = EXCLUDED.name_text, tag_text = EXCLUDED.tag_text,"
                        + " description_text = EXCLUDED.description_text, updated_at = now()")) {
            upsert.setArray(1, array(connection, identifier.namespace()));
            upsert.setString(2, identifier.name());
            upsert.setString(3, entry.owner());
            upsert.setString(4, entry.description());
            upsert.setArray(5, connection.createArrayOf("text", entry.tags().toArray()));
            upsert.setString(6, JSON.writeValueAsString(entry.columnTags()));
            upsert.setArray(
                    7, connection.createArrayOf("text", entry.columnTagValues().toArray()));
            upsert.setArray(8, connection.createArrayOf("text", entry.columns().toArray()));
            upsert.setString(9, DatasetEntry.nameText(identifier));
            upsert.setString(10, entry.tagAndColumnText());
            upsert.setString(11, entry.descriptionText());
            upsert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Column tags cannot be written as JSON", e);
        }
        try (PreparedStatement history = connection.prepareStatement(
                "INSERT INTO catalog_schema_history (namespace, name, schema_id) SELECT ?, ?, ? WHERE ?::int IS DISTINCT FROM"
                        + " (SELECT schema_id FROM catalog_schema_history WHERE namespace = ? AND name = ?"
                        + " ORDER BY seq DESC LIMIT 1)")) {
            Array namespace = array(connection, identifier.namespace());
            history.setArray(1, namespace);
            history.setString(2, identifier.name());
            history.setInt(3, entry.schemaId());
            history.setInt(4, entry.schemaId());
            history.setArray(5, namespace);
            history.setString(6, identifier.name());
            history.executeUpdate();
        }
    }

    /** After a table's rename: the row moved with the relation (ON UPDATE CASCADE); its name words must follow. */
    void renamed(Connection connection, TableIdentifier to) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE catalog_datasets SET name_text = ?, updated_at = now() WHERE namespace = ? AND name = ?")) {
            update.setString(1, DatasetEntry.nameText(to));
            update.setArray(2, array(connection, to.namespace()));
            update.setString(3, to.name());
            update.executeUpdate();
        }
    }

    /** Tables whose row is missing or holds only their name (indexed before V3), with their metadata location. */
    public List<Map.Entry<TableIdentifier, String>> unindexedTables() {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT r.namespace, r.name, r.metadata_location FROM iceberg_relations r LEFT JOIN catalog_datasets d"
                            + " ON d.namespace = r.namespace AND d.name = r.name"
                            + " WHERE r.kind = 'TABLE' AND (d.name IS NULL OR d.columns = '{}')")) {
                List<Map.Entry<TableIdentifier, String>> result = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(Map.entry(
                                TableIdentifier.of(Namespace.of(levels(rows.getArray(1))), rows.getString(2)),
                                rows.getString(3)));
                    }
                }
                return result;
            }
        });
    }

    /**
     * Indexes a table from the metadata at {@code metadataLocation}, unless a commit moved it on meanwhile (that
     * commit indexed it itself). False when nothing was written.
     */
    public boolean backfill(TableIdentifier identifier, String metadataLocation, DatasetEntry entry) {
        return database.inTransaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT 1 FROM iceberg_relations WHERE namespace = ? AND name = ? AND kind = 'TABLE'"
                            + " AND metadata_location = ? FOR UPDATE")) {
                lock.setArray(1, array(connection, identifier.namespace()));
                lock.setString(2, identifier.name());
                lock.setString(3, metadataLocation);
                try (ResultSet rows = lock.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                }
            }
            write(connection, identifier, entry);
            return true;
        });
    }

    private static Summary summary(ResultSet rows) throws SQLException {
        Namespace namespace = Namespace.of(strings(rows.getArray(1)));
        Timestamp updated = rows.getTimestamp(8);
        return new Summary(
                TableIdentifier.of(namespace, rows.getString(2)),
                rows.getString(3),
                rows.getString(4),
                strings(rows.getArray(5)).length == 0 ? List.of() : List.of(strings(rows.getArray(5))),
                columnTags(rows.getString(6)),
                List.of(strings(rows.getArray(7))),
                updated == null ? null : updated.toInstant());
    }

    private static Map<String, List<String>> columnTags(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, COLUMN_TAGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored column tags are not valid JSON", e);
        }
    }

    private static String[] strings(Array array) throws SQLException {
        if (array == null) {
            return new String[0];
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toArray(String[]::new);
    }

    private static void bind(Connection connection, PreparedStatement statement, List<Object> params)
            throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object param = params.get(i);
            if (param instanceof Namespace ns) {
                statement.setArray(i + 1, connection.createArrayOf("text", ns.levels()));
            } else {
                statement.setString(i + 1, (String) param);
            }
        }
    }

    private <T> T run(CatalogDatabase.Work<T> work) {
        return database.run(work);
    }
}
