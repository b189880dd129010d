package io.tributary.catalog.store;

import io.tributary.catalog.core.lineage.LineageCatalog;
import io.tributary.catalog.core.lineage.LineageNodes;
import io.tributary.catalog.core.lineage.NodeId;
import io.tributary.catalog.core.lineage.RunState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The lineage listings over the graph's tables ({@code V4__lineage.sql}) and the tags ({@code V5__lineage_tags.sql}).
 * Each page is one query for its rows plus one per detail (fields, tags, versions, edges), never one per row.
 */
@ApplicationScoped
public class PostgresLineageCatalog implements LineageCatalog {

    private static final String RUN_COLUMNS =
            "r.run_id, r.job_id, r.state, r.started_at, r.ended_at, r.created_at, r.updated_at, r.facets::text, r.job_version";

    /**
     * The output's dataset and output facets over all events of the version's run, the latest event's facet winning.
     * Binds the dataset's namespace and name.
     */
    private static final String VERSION_FACETS = "(SELECT jsonb_object_agg(k, val)::text FROM ("
            + " SELECT DISTINCT ON (f.key) f.key AS k, f.value AS val FROM lineage_events e"
            + " CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(e.payload -> 'outputs') = 'array'"
            + "   THEN e.payload -> 'outputs' ELSE '[]'::jsonb END) AS o (value)"
            + " CROSS JOIN LATERAL jsonb_each("
            + "   CASE WHEN jsonb_typeof(o.value -> 'facets') = 'object' THEN o.value -> 'facets' ELSE '{}'::jsonb END"
            + "   || CASE WHEN jsonb_typeof(o.value -> 'outputFacets') = 'object' THEN o.value -> 'outputFacets'"
            + "   ELSE '{}'::jsonb END) AS f"
            + " WHERE e.run_id = v.run_id AND o.value ->> 'namespace' = ? AND o.value ->> 'name' = ?"
            + " ORDER BY f.key, e.event_time DESC) latest)";

    private final CatalogDatabase database;

    public PostgresLineageCatalog(DataSource dataSource) {
        this.database = new CatalogDatabase(dataSource);
    }

    @Override
    public List<Namespace> namespaces(Page page) {
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement(namespaceQuery("") + " ORDER BY n.name" + " LIMIT ? OFFSET ?")) {
                select.setInt(1, page.limit());
                select.setInt(2, page.offset());
                List<Namespace> namespaces = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        namespaces.add(namespace(rows));
                    }
                }
                return namespaces;
            }
        });
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(namespaceQuery(" WHERE n.name = ?"))) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(namespace(row)) : Optional.<Namespace>empty();
                }
            }
        });
    }

    /** A namespace changes when a dataset or a job in it does. */
    private static String namespaceQuery(String where) {
        return "SELECT n.name, n.created_at, greatest(n.created_at,"
                + " (SELECT max(d.updated_at) FROM lineage_datasets d WHERE d.namespace = n.name),"
                + " (SELECT max(j.updated_at) FROM lineage_jobs j WHERE j.namespace = n.name))"
                + " FROM lineage_namespaces n" + where;
    }

    private static Namespace namespace(ResultSet row) throws SQLException {
        return new Namespace(row.getString(1), instant(row.getTimestamp(2)), instant(row.getTimestamp(3)));
    }

    @Override
    public Listing<Dataset> datasets(String namespace, Page page) {
        return database.run(connection -> {
            long total = count(connection, "SELECT count(*) FROM lineage_datasets WHERE namespace = ?", namespace);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT node_id, namespace, name, created_at, updated_at FROM lineage_datasets"
                            + " WHERE namespace = ? ORDER BY name LIMIT ? OFFSET ?")) {
                select.setString(1, namespace);
                select.setInt(2, page.limit());
                select.setInt(3, page.offset());
                return new Listing<>(datasets(connection, select), total);
            }
        });
    }

    @Override
    public Optional<Dataset> dataset(String namespace, String name) {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT node_id, namespace, name, created_at, updated_at FROM lineage_datasets WHERE node_id = ?")) {
                select.setString(1, NodeId.dataset(namespace, name).toString());
                return datasets(connection, select).stream().findFirst();
            }
        });
    }

    /** Datasets of the rows {@code select} answers, with their fields, tags and newest version. */
    private static List<Dataset> datasets(Connection connection, PreparedStatement select) throws SQLException {
        List<NodeRow> rows = nodeRows(select);
        if (rows.isEmpty()) {
            return List.of();
        }
        String[] ids = rows.stream().map(NodeRow::id).toArray(String[]::new);
        Map<String, List<Field>> fields = fields(connection, ids);
        Map<String, List<String>> tags = datasetTags(connection, ids);
        Map<String, Object[]> newest = new HashMap<>();
        try (PreparedStatement versions = connection.prepareStatement(
                "SELECT DISTINCT ON (dataset_id) dataset_id, run_id, created_at FROM lineage_dataset_versions"
                        + " WHERE dataset_id = ANY(?) ORDER BY dataset_id, created_at DESC, run_id")) {
            versions.setArray(1, connection.createArrayOf("text", ids));
            try (ResultSet row = versions.executeQuery()) {
                while (row.next()) {
                    newest.put(
                            row.getString(1),
                            new Object[] {row.getObject(2, UUID.class), instant(row.getTimestamp(3))});
                }
            }
        }
        Set<String> dropped = new HashSet<>();
        try (PreparedStatement deleted = connection.prepareStatement(
                "SELECT node_id FROM lineage_datasets WHERE node_id = ANY(?) AND deleted_at IS NOT NULL")) {
            deleted.setArray(1, connection.createArrayOf("text", ids));
            try (ResultSet row = deleted.executeQuery()) {
                while (row.next()) {
                    dropped.add(row.getString(1));
                }
            }
        }
        List<Dataset> datasets = new ArrayList<>();
        for (NodeRow r : rows) {
            Object[] version = newest.get(r.id());
            datasets.add(new Dataset(
                    r.namespace(),
                    r.name(),
                    r.createdAt(),
                    r.updatedAt(),
                    fields.getOrDefault(r.id(), List.of()),
                    tags.getOrDefault(r.id(), List.of()),
                    version == null
                            ? null
                            : LineageCatalog.versionOf(NodeId.dataset(r.namespace(), r.name()), (UUID) version[0]),
                    version == null ? null : (Instant) version[1],
                    dropped.contains(r.id())));
        }
        return datasets;
    }

    private static Map<String, List<Field>> fields(Connection connection, String[] datasetIds) throws SQLException {
        Map<String, List<Field>> fields = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT f.dataset_id, f.name, f.type, array_remove(array_agg(t.tag ORDER BY t.tag), NULL)"
                        + " FROM lineage_dataset_fields f LEFT JOIN lineage_field_tags t ON t.field_id = f.node_id"
                        + " WHERE f.dataset_id = ANY(?) GROUP BY f.dataset_id, f.node_id, f.name, f.type"
                        + " ORDER BY f.dataset_id, f.name")) {
            select.setArray(1, connection.createArrayOf("text", datasetIds));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    fields.computeIfAbsent(row.getString(1), k -> new ArrayList<>())
                            .add(new Field(row.getString(2), row.getString(3), texts(row.getArray(4))));
                }
            }
        }
        return fields;
    }

    private static Map<String, List<String>> datasetTags(Connection connection, String[] datasetIds)
            throws SQLException {
        Map<String, List<String>> tags = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT dataset_id, tag FROM lineage_dataset_tags WHERE dataset_id = ANY(?) ORDER BY dataset_id, tag")) {
            select.setArray(1, connection.createArrayOf("text", datasetIds));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    tags.computeIfAbsent(row.getString(1), k -> new ArrayList<>())
                            .add(row.getString(2));
                }
            }
        }
        return tags;
    }

    @Override
    public Optional<Listing<DatasetVersion>> versions(String namespace, String name, Page page) {
        String dataset = NodeId.dataset(namespace, name).toString();
        return database.run(connection -> {
            if (count(connection, "SELECT count(*) FROM lineage_datasets WHERE node_id = ?", dataset) == 0) {
                return Optional.empty();
            }
            long total =
                    count(connection, "SELECT count(*) FROM lineage_dataset_versions WHERE dataset_id = ?", dataset);
            try (PreparedStatement select = connection.prepareStatement(
                    versionQuery() + " WHERE v.dataset_id = ? ORDER BY v.created_at DESC, v.run_id LIMIT ? OFFSET ?")) {
                select.setString(1, namespace);
                select.setString(2, name);
                select.setString(3, dataset);
                select.setInt(4, page.limit());
                select.setInt(5, page.offset());
                return Optional.of(new Listing<>(versions(connection, select, namespace, name), total));
            }
        });
    }

    /**
     * Version ids are not stored: the row is found by the MD5 the id was made of, all but the two hex digits the UUID
     * version and variant overwrite.
     */
    @Override
    public Optional<DatasetVersion> version(String namespace, String name, UUID version) {
        NodeId dataset = NodeId.dataset(namespace, name);
        String hex = version.toString().replace("-", "");
        String digest = hex.substring(0, 12) + hex.substring(13, 16) + hex.substring(17);
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(versionQuery()
                    + " CROSS JOIN LATERAL (SELECT md5(v.dataset_id || chr(10) || v.run_id::text) AS h) AS m"
                    + " WHERE v.dataset_id = ?"
                    + " AND substr(m.h, 1, 12) || substr(m.h, 14, 3) || substr(m.h, 18) = ?")) {
                select.setString(1, namespace);
                select.setString(2, name);
                select.setString(3, dataset.toString());
                select.setString(4, digest);
                return versions(connection, select, namespace, name).stream()
                        .filter(v -> v.version().equals(version))
                        .findFirst();
            }
        });
    }

    private static String versionQuery() {
        return "SELECT v.created_at, " + RUN_COLUMNS + ", " + VERSION_FACETS
                + " FROM lineage_dataset_versions v JOIN lineage_runs r ON r.run_id = v.run_id";
    }

    private static List<DatasetVersion> versions(
            Connection connection, PreparedStatement select, String namespace, String name) throws SQLException {
        NodeId dataset = NodeId.dataset(namespace, name);
        List<Instant> created = new ArrayList<>();
        List<LineageNodes.Run> runs = new ArrayList<>();
        List<String> facets = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                created.add(instant(row.getTimestamp(1)));
                runs.add(run(row, 2));
                facets.add(row.getString(11));
            }
        }
        if (runs.isEmpty()) {
            return List.of();
        }
        String[] ids = {dataset.toString()};
        List<Field> fields = fields(connection, ids).getOrDefault(ids[0], List.of());
        List<String> tags = datasetTags(connection, ids).getOrDefault(ids[0], List.of());
        List<DatasetVersion> versions = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            LineageNodes.Run run = runs.get(i);
            versions.add(new DatasetVersion(
                    namespace,
                    name,
                    LineageCatalog.versionOf(dataset, run.id()),
                    created.get(i),
                    fields,
                    tags,
                    run,
                    facets.get(i) == null ? "{}" : facets.get(i)));
        }
        return versions;
    }

    @Override
    public Listing<Job> jobs(String namespace, Page page) {
        String where = namespace == null ? "" : " WHERE namespace = ?";
        return database.run(connection -> {
            long total = namespace == null
                    ? count(connection, "SELECT count(*) FROM lineage_jobs")
                    : count(connection, "SELECT count(*) FROM lineage_jobs" + where, namespace);
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT node_id, namespace, name, created_at, updated_at"
                            + " FROM lineage_jobs" + where + " ORDER BY namespace, name LIMIT ? OFFSET ?")) {
                int index = 1;
                if (namespace != null) {
                    select.setString(index++, namespace);
                }
                select.setInt(index++, page.limit());
                select.setInt(index, page.offset());
                return new Listing<>(jobs(connection, select), total);
            }
        });
    }

    @Override
    public Optional<Job> job(String namespace, String name) {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT node_id, namespace, name, created_at, updated_at FROM lineage_jobs WHERE node_id = ?")) {
                select.setString(1, NodeId.job(namespace, name).toString());
                return jobs(connection, select).stream().findFirst();
            }
        });
    }

    /** Jobs of the rows {@code select} answers, with the datasets they read and write and their latest run. */
    private static List<Job> jobs(Connection connection, PreparedStatement select) throws SQLException {
        List<NodeRow> rows = nodeRows(select);
        if (rows.isEmpty()) {
            return List.of();
        }
        String[] ids = rows.stream().map(NodeRow::id).toArray(String[]::new);
        Map<String, List<DatasetRef>> inputs = datasetsAround(connection, ids, "origin", "destination");
        Map<String, List<DatasetRef>> outputs = datasetsAround(connection, ids, "destination", "origin");
        Map<String, LineageNodes.Run> latest = new HashMap<>();
        // The same choice of latest run as the graph answers make.
        try (PreparedStatement runs = connection.prepareStatement("SELECT DISTINCT ON (r.job_id) " + RUN_COLUMNS
                + " FROM lineage_runs r WHERE r.job_id = ANY(?)"
                + " ORDER BY r.job_id, coalesce(r.started_at, r.latest_event) DESC, r.run_id")) {
            runs.setArray(1, connection.createArrayOf("text", ids));
            try (ResultSet row = runs.executeQuery()) {
                while (row.next()) {
                    LineageNodes.Run run = run(row, 1);
                    latest.put(row.getString(2), run);
                }
            }
        }
        Map<String, UUID> currentVersions = new HashMap<>();
        try (PreparedStatement versions = connection.prepareStatement(
                "SELECT node_id, current_version FROM lineage_jobs WHERE node_id = ANY(?)")) {
            versions.setArray(1, connection.createArrayOf("text", ids));
            try (ResultSet row = versions.executeQuery()) {
                while (row.next()) {
                    currentVersions.put(row.getString(1), row.getObject(2, UUID.class));
                }
            }
        }
        List<Job> jobs = new ArrayList<>();
        for (NodeRow r : rows) {
            jobs.add(new Job(
                    r.namespace(),
                    r.name(),
                    r.createdAt(),
                    r.updatedAt(),
                    inputs.getOrDefault(r.id(), List.of()),
                    outputs.getOrDefault(r.id(), List.of()),
                    latest.get(r.id()),
                    currentVersions.get(r.id())));
        }
        return jobs;
    }

    /** A dataset or job row: {@code node_id, namespace, name, created_at, updated_at}. */
    private record NodeRow(String id, String namespace, String name, Instant createdAt, Instant updatedAt) {}

    private static List<NodeRow> nodeRows(PreparedStatement select) throws SQLException {
        List<NodeRow> rows = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                rows.add(new NodeRow(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        instant(row.getTimestamp(4)),
                        instant(row.getTimestamp(5))));
            }
        }
        return rows;
    }

    /** For each job, the datasets at the {@code datasetEnd} of its edges whose {@code jobEnd} it is. */
    private static Map<String, List<DatasetRef>> datasetsAround(
            Connection connection, String[] jobIds, String datasetEnd, String jobEnd) throws SQLException {
        Map<String, List<DatasetRef>> datasets = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT e." + jobEnd + ", d.namespace, d.name"
                + " FROM lineage_edges e JOIN lineage_datasets d ON d.node_id = e." + datasetEnd
                + " WHERE e." + jobEnd + " = ANY(?) ORDER BY e." + jobEnd + ", d.namespace, d.name")) {
            select.setArray(1, connection.createArrayOf("text", jobIds));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    datasets.computeIfAbsent(row.getString(1), k -> new ArrayList<>())
                            .add(new DatasetRef(row.getString(2), row.getString(3)));
                }
            }
        }
        return datasets;
    }

    @Override
    public Optional<Listing<LineageNodes.Run>> runs(String namespace, String job, Page page) {
        String jobId = NodeId.job(namespace, job).toString();
        return database.run(connection -> {
            if (count(connection, "SELECT count(*) FROM lineage_jobs WHERE node_id = ?", jobId) == 0) {
                return Optional.empty();
            }
            long total = count(connection, "SELECT count(*) FROM lineage_runs WHERE job_id = ?", jobId);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + RUN_COLUMNS
                            + " FROM lineage_runs r WHERE r.job_id = ? ORDER BY r.created_at DESC, r.run_id LIMIT ? OFFSET ?")) {
                select.setString(1, jobId);
                select.setInt(2, page.limit());
                select.setInt(3, page.offset());
                List<LineageNodes.Run> runs = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        runs.add(run(row, 1));
                    }
                }
                return Optional.of(new Listing<>(runs, total));
            }
        });
    }

    @Override
    public Optional<LineageNodes.Run> run(UUID id) {
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT " + RUN_COLUMNS + " FROM lineage_runs r WHERE r.run_id = ?")) {
                select.setObject(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(run(row, 1)) : Optional.<LineageNodes.Run>empty();
                }
            }
        });
    }

    @Override
    public Optional<Listing<JobVersion>> jobVersions(String namespace, String job, Page page) {
        String jobId = NodeId.job(namespace, job).toString();
        return database.run(connection -> {
            if (count(connection, "SELECT count(*) FROM lineage_jobs WHERE node_id = ?", jobId) == 0) {
                return Optional.empty();
            }
            long total = count(connection, "SELECT count(*) FROM lineage_job_versions WHERE job_id = ?", jobId);
            try (PreparedStatement select = connection.prepareStatement(
                    JOB_VERSION_QUERY + " WHERE v.job_id = ? ORDER BY v.created_at DESC, v.version LIMIT ? OFFSET ?")) {
                select.setString(1, jobId);
                select.setInt(2, page.limit());
                select.setInt(3, page.offset());
                return Optional.of(new Listing<>(jobVersions(select, namespace, job), total));
            }
        });
    }

    @Override
    public Optional<JobVersion> jobVersion(String namespace, String job, UUID version) {
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement(JOB_VERSION_QUERY + " WHERE v.job_id = ? AND v.version = ?")) {
                select.setString(1, NodeId.job(namespace, job).toString());
                select.setObject(2, version);
                return jobVersions(select, namespace, job).stream().findFirst();
            }
        });
    }

    /** A job version with its newest run, chosen as a job's latest run is ({@code lineage_runs_latest_by_version}). */
    private static final String JOB_VERSION_QUERY = "SELECT v.version, v.created_at, v.updated_at, v.location,"
            + " v.inputs, v.outputs, v.facets::text, " + RUN_COLUMNS + " FROM lineage_job_versions v"
            + " LEFT JOIN LATERAL (SELECT * FROM lineage_runs x WHERE x.job_version = v.version"
            + " ORDER BY coalesce(x.started_at, x.latest_event) DESC, x.run_id LIMIT 1) r ON true";

    private static List<JobVersion> jobVersions(PreparedStatement select, String namespace, String job)
            throws SQLException {
        List<JobVersion> versions = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                versions.add(new JobVersion(
                        namespace,
                        job,
                        row.getObject(1, UUID.class),
                        instant(row.getTimestamp(2)),
                        instant(row.getTimestamp(3)),
                        row.getString(4),
                        refs(row.getArray(5)),
                        refs(row.getArray(6)),
                        row.getObject(8) == null ? null : run(row, 8),
                        row.getString(7) == null ? "{}" : row.getString(7)));
            }
        }
        return versions;
    }

    /** Dataset node ids as Marquez's {@code {namespace, name}} references. */
    private static List<DatasetRef> refs(java.sql.Array nodes) throws SQLException {
        List<DatasetRef> refs = new ArrayList<>();
        for (String text : texts(nodes)) {
            NodeId.parse(text).ifPresent(node -> refs.add(new DatasetRef(node.namespace(), node.name())));
        }
        return refs;
    }

    /** A bounded scan: names are short and a namespace holds thousands of them, not millions. */
    @Override
    public Listing<SearchHit> search(SearchQuery query) {
        String pattern = "%" + likeEscaped(query.text()) + "%";
        List<String> parts = new ArrayList<>();
        List<String> binds = new ArrayList<>();
        String namespaceCondition = query.namespace() == null ? "" : " AND namespace = ?";
        if (query.filter() != SearchFilter.JOB) {
            parts.add("SELECT 'DATASET' AS type, namespace, name, updated_at FROM lineage_datasets"
                    + " WHERE lower(name) LIKE lower(?) ESCAPE '\\'" + namespaceCondition);
            binds.add(pattern);
            if (query.namespace() != null) {
                binds.add(query.namespace());
            }
        }
        if (query.filter() != SearchFilter.DATASET) {
            parts.add("SELECT 'JOB' AS type, namespace, name, updated_at FROM lineage_jobs"
                    + " WHERE lower(name) LIKE lower(?) ESCAPE '\\'" + namespaceCondition);
            binds.add(pattern);
            if (query.namespace() != null) {
                binds.add(query.namespace());
            }
        }
        String hits = String.join(" UNION ALL ", parts);
        String order = query.sort() == SearchSort.NAME
                ? " ORDER BY lower(name), name, namespace, type"
                : " ORDER BY updated_at DESC, lower(name), name, namespace, type";
        return database.run(connection -> {
            long total;
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM (" + hits + ") hits")) {
                for (int i = 0; i < binds.size(); i++) {
                    count.setString(i + 1, binds.get(i));
                }
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    total = row.getLong(1);
                }
            }
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT * FROM (" + hits + ") hits" + order + " LIMIT ?")) {
                for (int i = 0; i < binds.size(); i++) {
                    select.setString(i + 1, binds.get(i));
                }
                select.setInt(binds.size() + 1, query.limit());
                List<SearchHit> found = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(new SearchHit(
                                row.getString(1), row.getString(2), row.getString(3), instant(row.getTimestamp(4))));
                    }
                }
                return new Listing<>(found, total);
            }
        });
    }

    /** {@code text} matched literally by LIKE: its own wildcards and the escape character are escaped. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    public List<Tag> tags() {
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT name, description FROM lineage_tags ORDER BY name")) {
                List<Tag> tags = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        tags.add(new Tag(row.getString(1), row.getString(2)));
                    }
                }
                return tags;
            }
        });
    }

    @Override
    public Tag putTag(String name, String description) {
        return database.run(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO lineage_tags (name, description) VALUES (?, ?) ON CONFLICT (name)"
                            + " DO UPDATE SET description = EXCLUDED.description, updated_at = now()")) {
                upsert.setString(1, name);
                upsert.setString(2, description);
                upsert.executeUpdate();
            }
            return new Tag(name, description);
        });
    }

    @Override
    public boolean tagDataset(String namespace, String name, String tag) {
        return tag("lineage_datasets", "lineage_dataset_tags", "dataset_id", NodeId.dataset(namespace, name), tag);
    }

    @Override
    public boolean tagField(String namespace, String name, String field, String tag) {
        return tag(
                "lineage_dataset_fields", "lineage_field_tags", "field_id", NodeId.field(namespace, name, field), tag);
    }

    private boolean tag(String nodes, String tags, String column, NodeId node, String tag) {
        return database.inTransaction(connection -> {
            if (count(connection, "SELECT count(*) FROM " + nodes + " WHERE node_id = ?", node.toString()) == 0) {
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO lineage_tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, tag);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + tags + " (" + column + ", tag) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, node.toString());
                insert.setString(2, tag);
                insert.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public boolean untagDataset(String namespace, String name, String tag) {
        String dataset = NodeId.dataset(namespace, name).toString();
        return database.run(connection -> {
            if (count(connection, "SELECT count(*) FROM lineage_datasets WHERE node_id = ?", dataset) == 0) {
                return false;
            }
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM lineage_dataset_tags WHERE dataset_id = ? AND tag = ?")) {
                delete.setString(1, dataset);
                delete.setString(2, tag);
                delete.executeUpdate();
            }
            return true;
        });
    }

    private static long count(Connection connection, String sql, String... binds) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                select.setString(i + 1, binds[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** A run from {@link #RUN_COLUMNS}, starting at column {@code first}. */
    private static LineageNodes.Run run(ResultSet row, int first) throws SQLException {
        String state = row.getString(first + 2);
        return new LineageNodes.Run(
                row.getObject(first, UUID.class),
                NodeId.parse(row.getString(first + 1)).orElse(null),
                state == null ? null : RunState.valueOf(state),
                instant(row.getTimestamp(first + 3)),
                instant(row.getTimestamp(first + 4)),
                instant(row.getTimestamp(first + 5)),
                instant(row.getTimestamp(first + 6)),
                row.getString(first + 7),
                row.getObject(first + 8, UUID.class));
    }

    private static List<String> texts(java.sql.Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
