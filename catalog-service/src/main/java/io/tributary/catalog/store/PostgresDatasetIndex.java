package io.tributary.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.catalog.platform.DatasetQueries;
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
 * The dataset index ({@code catalog_datasets}, {@code V3__datasets.sql}) read for listing and search. It is written
 * by {@link PostgresCatalogStore} in the transaction of each commit.
 */
@ApplicationScoped
public class PostgresDatasetIndex implements DatasetQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, List<String>>> COLUMN_TAGS = new TypeReference<>() {
    };
    /** ts_rank weights {D, C, B, A}; the tier below makes name matches outrank the rest regardless of counts. */
    private static final String RANK = "ts_rank('{0.01, 0.1, 0.3, 1.0}', d.document, q)"
            + " + CASE WHEN ts_filter(d.document, '{a}') @@ q THEN 2 WHEN ts_filter(d.document, '{a,b}') @@ q THEN 1 ELSE 0 END";

    private final DataSource dataSource;

    public PostgresDatasetIndex(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Page list(Filter filter, int limit) {
        StringBuilder sql = new StringBuilder("SELECT r.namespace, r.name, d.owner, d.description, d.tags, d.column_tags::text,"
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
                select.setArray(1, connection.createArrayOf("text", identifier.namespace().levels()));
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

    private static Summary summary(ResultSet rows) throws SQLException {
        Namespace namespace = Namespace.of(strings(rows.getArray(1)));
        Timestamp updated = rows.getTimestamp(8);
        return new Summary(TableIdentifier.of(namespace, rows.getString(2)), rows.getString(3), rows.getString(4),
                strings(rows.getArray(5)).length == 0 ? List.of() : List.of(strings(rows.getArray(5))),
                columnTags(rows.getString(6)), List.of(strings(rows.getArray(7))),
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

    private static void bind(Connection connection, PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object param = params.get(i);
            if (param instanceof Namespace ns) {
                statement.setArray(i + 1, connection.createArrayOf("text", ns.levels()));
            } else {
                statement.setString(i + 1, (String) param);
            }
        }
    }

    private <T> T run(PostgresCatalogStore.Work<T> work) {
        return PostgresCatalogStore.run(dataSource, work);
    }
}
