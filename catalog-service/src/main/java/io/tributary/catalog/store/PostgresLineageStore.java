package io.tributary.catalog.store;

import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.core.lineage.GraphIndex;
import io.tributary.catalog.core.lineage.JobVersions;
import io.tributary.catalog.core.lineage.LineageEdge;
import io.tributary.catalog.core.lineage.LineageEvent;
import io.tributary.catalog.core.lineage.LineageNodes;
import io.tributary.catalog.core.lineage.LineageStore;
import io.tributary.catalog.core.lineage.LineageTraversal;
import io.tributary.catalog.core.lineage.NodeDataCache;
import io.tributary.catalog.core.lineage.NodeId;
import io.tributary.catalog.core.lineage.RunState;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The lineage graph in PostgreSQL ({@code V4__lineage.sql}). An event and everything it states are written in one
 * transaction that starts by claiming the event's key, so a repeat (from Kafka or HTTP, even concurrently) writes
 * nothing; graph walks run on an in-memory {@link GraphIndex} of each edge table, caught up before every read.
 */
@ApplicationScoped
public class PostgresLineageStore implements LineageStore {

    /** Up to this many fields a column read finds a field's type by scanning its dataset's schema. */
    private static final int FIELDS_SCANNED = 64;

    private final CatalogDatabase database;
    private final int maxFacetBytes;
    private final NodeDataCache nodes;
    private final IndexedEdges jobIndex;
    private final IndexedEdges columnIndex;

    public PostgresLineageStore(DataSource dataSource, CatalogConfig config) {
        this.database = new CatalogDatabase(dataSource);
        this.maxFacetBytes = config.lineage().maxFacetBytes();
        this.nodes = new NodeDataCache(config.lineage().nodeCacheBytes());
        this.jobIndex = new IndexedEdges("lineage_edges", nodes);
        this.columnIndex = new IndexedEdges("lineage_column_edges", nodes);
    }

    @Override
    public boolean record(LineageEvent event) {
        return database.inTransaction(connection -> {
            if (!claim(connection, event)) {
                return false;
            }
            // Sorted, so concurrent writers lock shared rows in one order and never deadlock on them.
            Set<String> namespaces = new TreeSet<>();
            Map<String, LineageEvent.Dataset> datasets = new TreeMap<>();
            List<LineageEvent.Dataset> all = new ArrayList<>(event.inputs());
            all.addAll(event.outputs());
            for (LineageEvent.Dataset dataset : all) {
                namespaces.add(dataset.namespace());
                datasets.putIfAbsent(dataset.node().toString(), dataset);
                for (LineageEvent.ColumnLineage column : dataset.columnLineage()) {
                    namespaces.add(column.inputNamespace());
                    datasets.putIfAbsent(
                            NodeId.dataset(column.inputNamespace(), column.inputName())
                                    .toString(),
                            new LineageEvent.Dataset(
                                    column.inputNamespace(), column.inputName(), List.of(), List.of()));
                }
            }
            if (event.job() != null) {
                namespaces.add(event.job().namespace());
            }
            namespaces(connection, namespaces);
            datasets(connection, datasets.values());
            fields(connection, all);
            if (event.job() != null) {
                job(connection, event.job());
            }
            if (event.kind() == LineageEvent.Kind.RUN) {
                run(connection, event);
            }
            edges(connection, event.edges());
            columnEdges(connection, event.outputs());
            return true;
        });
    }

    private static boolean claim(Connection connection, LineageEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO lineage_events (event_key, kind, event_type, event_time, run_id, job_node, payload)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (event_key) DO NOTHING")) {
            insert.setString(1, event.key());
            insert.setString(2, event.kind().name());
            insert.setString(3, event.eventType());
            insert.setTimestamp(4, Timestamp.from(event.eventTime()));
            insert.setObject(5, event.runId());
            insert.setString(6, event.job() == null ? null : event.job().node().toString());
            insert.setString(7, event.json());
            return insert.executeUpdate() == 1;
        }
    }

    private static void namespaces(Connection connection, Collection<String> namespaces) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO lineage_namespaces (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
            for (String namespace : namespaces) {
                insert.setString(1, namespace);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void datasets(Connection connection, Collection<LineageEvent.Dataset> datasets) throws SQLException {
        try (PreparedStatement upsert =
                connection.prepareStatement("INSERT INTO lineage_datasets (node_id, namespace, name) VALUES (?, ?, ?)"
                        + " ON CONFLICT (node_id) DO UPDATE SET updated_at = now()")) {
            for (LineageEvent.Dataset dataset : datasets) {
                upsert.setString(1, dataset.node().toString());
                upsert.setString(2, dataset.namespace());
                upsert.setString(3, dataset.name());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Schema fields with their type; fields named only by column lineage without one (a schema may add it later). */
    private static void fields(Connection connection, List<LineageEvent.Dataset> datasets) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO lineage_dataset_fields (node_id, dataset_id, name, type) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (node_id) DO UPDATE SET type = coalesce(EXCLUDED.type, lineage_dataset_fields.type)")) {
            for (LineageEvent.Dataset dataset : datasets) {
                for (LineageEvent.Field field : dataset.fields()) {
                    addField(upsert, NodeId.field(dataset.namespace(), dataset.name(), field.name()), field.type());
                }
                for (LineageEvent.ColumnLineage column : dataset.columnLineage()) {
                    addField(upsert, NodeId.field(dataset.namespace(), dataset.name(), column.outputField()), null);
                    addField(
                            upsert,
                            NodeId.field(column.inputNamespace(), column.inputName(), column.inputField()),
                            null);
                }
            }
            upsert.executeBatch();
        }
    }

    private static void addField(PreparedStatement upsert, NodeId field, String type) throws SQLException {
        upsert.setString(1, field.toString());
        upsert.setString(2, field.dataset().toString());
        upsert.setString(3, field.field());
        upsert.setString(4, type);
        upsert.addBatch();
    }

    private static void job(Connection connection, LineageEvent.Job job) throws SQLException {
        try (PreparedStatement upsert =
                connection.prepareStatement("INSERT INTO lineage_jobs (node_id, namespace, name) VALUES (?, ?, ?)"
                        + " ON CONFLICT (node_id) DO UPDATE SET updated_at = now()")) {
            upsert.setString(1, job.node().toString());
            upsert.setString(2, job.namespace());
            upsert.setString(3, job.name());
            upsert.executeUpdate();
        }
    }

    private void run(Connection connection, LineageEvent event) throws SQLException {
        RunState incoming = RunState.of(event.eventType());
        Instant at = event.eventTime();
        String facets = boundedFacets(event.runFacets());
        RunState current = null;
        Instant currentAt = null;
        Instant latestEvent = null;
        boolean exists = false;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT state, state_at, latest_event FROM lineage_runs WHERE run_id = ? FOR UPDATE")) {
            select.setObject(1, event.runId());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    exists = true;
                    current = row.getString(1) == null ? null : RunState.valueOf(row.getString(1));
                    currentAt = instant(row.getTimestamp(2));
                    latestEvent = instant(row.getTimestamp(3));
                }
            }
        }
        boolean moves = RunState.moves(current, currentAt, incoming, at);
        RunState state = moves ? incoming : current;
        Instant stateAt = moves ? at : currentAt;
        Timestamp started = "START".equals(event.eventType()) ? Timestamp.from(at) : null;
        Timestamp ended = moves && incoming.terminal() ? Timestamp.from(at) : null;
        // The run's version is the one its newest event states; an older event arriving late still records its own.
        JobVersions.Version jobVersion = jobVersion(connection, event);
        boolean versionApplies = jobVersion != null && (latestEvent == null || !at.isBefore(latestEvent));
        if (!exists) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lineage_runs (run_id, job_id,"
                    + " state, state_at, started_at, ended_at, latest_event, facets, job_version)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)")) {
                insert.setObject(1, event.runId());
                insert.setString(2, event.job().node().toString());
                insert.setString(3, state == null ? null : state.name());
                insert.setTimestamp(4, stateAt == null ? null : Timestamp.from(stateAt));
                insert.setTimestamp(5, started);
                insert.setTimestamp(6, ended);
                insert.setTimestamp(7, Timestamp.from(at));
                insert.setString(8, facets);
                insert.setObject(9, jobVersion == null ? null : jobVersion.id());
                insert.executeUpdate();
            }
        } else {
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE lineage_runs SET state = ?, state_at = ?,"
                            + " started_at = least(started_at, ?),"
                            + " ended_at = CASE WHEN ? THEN ? ELSE ended_at END,"
                            + " latest_event = greatest(latest_event, ?), facets = coalesce(?::jsonb, facets),"
                            + " job_version = CASE WHEN ? THEN ? ELSE job_version END,"
                            + " updated_at = now() WHERE run_id = ?")) {
                update.setString(1, state == null ? null : state.name());
                update.setTimestamp(2, stateAt == null ? null : Timestamp.from(stateAt));
                update.setTimestamp(3, started);
                update.setBoolean(4, ended != null);
                update.setTimestamp(5, ended);
                update.setTimestamp(6, Timestamp.from(at));
                update.setString(7, facets);
                update.setBoolean(8, versionApplies);
                update.setObject(9, jobVersion == null ? null : jobVersion.id());
                update.setObject(10, event.runId());
                update.executeUpdate();
            }
        }
        if (versionApplies) {
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE lineage_jobs SET current_version = ? WHERE node_id = ?")) {
                update.setObject(1, jobVersion.id());
                update.setString(2, event.job().node().toString());
                update.executeUpdate();
            }
        }
        try (PreparedStatement version = connection.prepareStatement(
                "INSERT INTO lineage_dataset_versions (dataset_id, run_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (LineageEvent.Dataset output : event.outputs()) {
                version.setString(1, output.node().toString());
                version.setObject(2, event.runId());
                version.addBatch();
            }
            version.executeBatch();
        }
    }

    /** Records the job version {@code event} states (once; a repeat only marks it used again), null when none. */
    private JobVersions.Version jobVersion(Connection connection, LineageEvent event) throws SQLException {
        JobVersions.Version version = JobVersions.of(event);
        if (version == null) {
            return null;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO lineage_job_versions"
                + " (version, job_id, location, inputs, outputs, facets) VALUES (?, ?, ?, ?, ?, ?::jsonb)"
                + " ON CONFLICT (version) DO UPDATE SET updated_at = now(),"
                + " facets = coalesce(EXCLUDED.facets, lineage_job_versions.facets)")) {
            upsert.setObject(1, version.id());
            upsert.setString(2, event.job().node().toString());
            upsert.setString(3, version.location());
            upsert.setArray(4, connection.createArrayOf("text", version.inputs().toArray()));
            upsert.setArray(
                    5, connection.createArrayOf("text", version.outputs().toArray()));
            upsert.setString(6, boundedFacets(event.job().facets()));
            upsert.executeUpdate();
        }
        return version;
    }

    /** Run facets as sent, or a marker when they are over the limit: one verbose producer must not bloat every read. */
    private String boundedFacets(String facets) {
        if (facets == null) {
            return null;
        }
        int bytes = facets.getBytes(StandardCharsets.UTF_8).length;
        return bytes <= maxFacetBytes ? facets : "{\"_truncated\": true, \"_bytes\": " + bytes + "}";
    }

    private static void edges(Connection connection, List<LineageEdge> edges) throws SQLException {
        try (PreparedStatement upsert =
                connection.prepareStatement("INSERT INTO lineage_edges (origin, destination) VALUES (?, ?)"
                        + " ON CONFLICT (origin, destination) DO UPDATE SET updated_at = now()")) {
            for (LineageEdge edge : edges) {
                upsert.setString(1, edge.origin().toString());
                upsert.setString(2, edge.destination().toString());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static void columnEdges(Connection connection, List<LineageEvent.Dataset> outputs) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO lineage_column_edges"
                + " (origin, destination, transformation_type, transformation_subtype, description)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (origin, destination) DO UPDATE SET"
                + " transformation_type = EXCLUDED.transformation_type,"
                + " transformation_subtype = EXCLUDED.transformation_subtype,"
                + " description = EXCLUDED.description, updated_at = now()")) {
            for (LineageEvent.Dataset output : outputs) {
                for (LineageEvent.ColumnLineage column : output.columnLineage()) {
                    upsert.setString(
                            1,
                            NodeId.field(column.inputNamespace(), column.inputName(), column.inputField())
                                    .toString());
                    upsert.setString(
                            2,
                            NodeId.field(output.namespace(), output.name(), column.outputField())
                                    .toString());
                    upsert.setString(3, column.transformationType());
                    upsert.setString(4, column.transformationSubtype());
                    upsert.setString(5, column.transformationDescription());
                    upsert.addBatch();
                }
            }
            upsert.executeBatch();
        }
    }

    @Override
    public LineageTraversal.Graph jobGraph() {
        return jobIndex.caughtUp();
    }

    @Override
    public LineageTraversal.Graph columnGraph() {
        return columnIndex.caughtUp();
    }

    /**
     * One edge table held as a {@link GraphIndex}, caught up before each read with the edges of transactions at or
     * after the oldest one running at the previous catch-up: any replica's, committed in any order. Edges seen twice
     * are skipped; a new generation (edges or nodes removed, edges moved) rebuilds the index. The same catch-up evicts
     * the cached data of the datasets and jobs changed since ({@code V8}'s {@code changed_tx}): each index does so on
     * its own, so a read after either catch-up sees every change made before it.
     */
    private final class IndexedEdges {

        private final String table;
        private final NodeDataCache cache;
        private volatile GraphIndex index;
        private long generation = -1;

        IndexedEdges(String table, NodeDataCache cache) {
            this.table = table;
            this.cache = cache;
        }

        synchronized GraphIndex caughtUp() {
            return database.run(connection -> {
                long current;
                long horizon;
                try (PreparedStatement select = connection.prepareStatement(
                                "SELECT generation, pg_snapshot_xmin(pg_current_snapshot())::text FROM lineage_graph_generation");
                        ResultSet row = select.executeQuery()) {
                    row.next();
                    current = row.getLong(1);
                    horizon = Long.parseLong(row.getString(2));
                }
                boolean rebuild = index == null || current != generation;
                List<GraphIndex.Edge> edges = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(
                        rebuild
                                ? "SELECT origin, destination FROM " + table
                                : "SELECT origin, destination FROM " + table + " WHERE tx >= ?::xid8")) {
                    if (!rebuild) {
                        select.setString(1, Long.toString(index.position()));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            edges.add(new GraphIndex.Edge(rows.getString(1), rows.getString(2)));
                        }
                    }
                }
                if (cache != null) {
                    if (rebuild) {
                        cache.clear();
                    } else {
                        evictChanged(connection, cache, index.position());
                    }
                }
                if (rebuild) {
                    index = GraphIndex.of(edges, horizon);
                    generation = current;
                } else if (!edges.isEmpty() || horizon != index.position()) {
                    index.add(edges, horizon);
                }
                return index;
            });
        }
    }

    private static void evictChanged(Connection connection, NodeDataCache cache, long since) throws SQLException {
        List<NodeId> changed = new ArrayList<>();
        try (PreparedStatement select =
                connection.prepareStatement("SELECT node_id FROM lineage_datasets WHERE changed_tx >= ?::xid8"
                        + " UNION ALL SELECT node_id FROM lineage_jobs WHERE changed_tx >= ?::xid8")) {
            select.setString(1, Long.toString(since));
            select.setString(2, Long.toString(since));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    NodeId.parse(rows.getString(1)).ifPresent(changed::add);
                }
            }
        }
        if (!changed.isEmpty()) {
            cache.evict(changed);
        }
    }

    @Override
    public boolean exists(NodeId node) {
        String sql = switch (node.kind()) {
            case DATASET -> "SELECT 1 FROM lineage_datasets WHERE node_id = ?";
            case DATASET_FIELD -> "SELECT 1 FROM lineage_dataset_fields WHERE node_id = ?";
            case JOB -> "SELECT 1 FROM lineage_jobs WHERE node_id = ?";
            case RUN -> "SELECT 1 FROM lineage_runs WHERE run_id::text = ?";
        };
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(
                        1, node.kind() == NodeId.Kind.RUN ? node.runId().toString() : node.toString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    @Override
    public Optional<NodeId> jobOfRun(UUID runId) {
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT job_id FROM lineage_runs WHERE run_id = ?")) {
                select.setObject(1, runId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? NodeId.parse(row.getString(1)) : Optional.<NodeId>empty();
                }
            }
        });
    }

    @Override
    public List<NodeId> fieldsOf(NodeId dataset) {
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT node_id FROM lineage_dataset_fields WHERE dataset_id = ? ORDER BY name")) {
                select.setString(1, dataset.toString());
                List<NodeId> fields = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        NodeId.parse(rows.getString(1)).ifPresent(fields::add);
                    }
                }
                return fields;
            }
        });
    }

    /** From memory where the last catch-up left it current, else from the tables (and kept). */
    @Override
    public Map<NodeId, LineageNodes.Dataset> datasets(Collection<NodeId> ids) {
        Map<NodeId, LineageNodes.Dataset> found = new HashMap<>();
        nodes.getAll(ids, LineageNodes.Dataset.class, found);
        if (found.size() < ids.size()) {
            long readAt = nodes.epoch();
            Map<NodeId, LineageNodes.Dataset> read = readDatasets(
                    ids.stream().filter(id -> !found.containsKey(id)).toList());
            nodes.putAll(readAt, read, PostgresLineageStore::weight);
            found.putAll(read);
        }
        return found;
    }

    private Map<NodeId, LineageNodes.Dataset> readDatasets(Collection<NodeId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, NodeId> byText = byText(ids);
        return database.run(connection -> {
            // Each dataset's fields aggregated beside it, in name order: small sorts per dataset, not one big one.
            Map<NodeId, LineageNodes.Dataset> datasets = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT d.node_id, d.namespace, d.name, d.created_at, d.updated_at, f.names, f.types"
                            + " FROM lineage_datasets d LEFT JOIN LATERAL (SELECT array_agg(name ORDER BY name) AS names,"
                            + " array_agg(type ORDER BY name) AS types FROM lineage_dataset_fields"
                            + " WHERE dataset_id = d.node_id) f ON true WHERE d.node_id = ANY(?)")) {
                select.setArray(
                        1, connection.createArrayOf("text", byText.keySet().toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        NodeId id = byText.get(rows.getString(1));
                        datasets.put(
                                id,
                                new LineageNodes.Dataset(
                                        id,
                                        rows.getString(2),
                                        rows.getString(3),
                                        fields(rows.getArray(6), rows.getArray(7)),
                                        instant(rows.getTimestamp(4)),
                                        instant(rows.getTimestamp(5))));
                    }
                }
            }
            return datasets;
        });
    }

    private static List<LineageEvent.Field> fields(Array names, Array types) throws SQLException {
        if (names == null) {
            return List.of();
        }
        String[] name = (String[]) names.getArray();
        String[] type = (String[]) types.getArray();
        List<LineageEvent.Field> fields = new ArrayList<>(name.length);
        for (int i = 0; i < name.length; i++) {
            fields.add(new LineageEvent.Field(name[i], type[i]));
        }
        return fields;
    }

    /** From memory where the last catch-up left it current, else from the tables (and kept). */
    @Override
    public Map<NodeId, LineageNodes.Job> jobs(Collection<NodeId> ids) {
        Map<NodeId, LineageNodes.Job> found = new HashMap<>();
        nodes.getAll(ids, LineageNodes.Job.class, found);
        if (found.size() < ids.size()) {
            long readAt = nodes.epoch();
            Map<NodeId, LineageNodes.Job> read =
                    readJobs(ids.stream().filter(id -> !found.containsKey(id)).toList());
            nodes.putAll(readAt, read, PostgresLineageStore::weight);
            found.putAll(read);
        }
        return found;
    }

    /**
     * About the bytes a dataset takes in memory, with the JSON text the graph answers keep of it: strings at one byte
     * a character, plus object overheads.
     */
    private static long weight(LineageNodes.Dataset dataset) {
        long weight = 400 + 3L * (dataset.namespace().length() + dataset.name().length());
        for (LineageEvent.Field field : dataset.fields()) {
            weight += 130
                    + 2L
                            * (field.name().length()
                                    + (field.type() == null ? 0 : field.type().length()));
        }
        return weight;
    }

    private static long weight(LineageNodes.Job job) {
        LineageNodes.Run run = job.latestRun();
        long facets = run == null || run.facets() == null ? 0 : run.facets().length();
        return 700 + 3L * (job.namespace().length() + job.name().length()) + 2 * facets;
    }

    private Map<NodeId, LineageNodes.Job> readJobs(Collection<NodeId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, NodeId> byText = byText(ids);
        return database.run(connection -> {
            // Each job's latest run from lineage_runs_latest, one index probe per job instead of sorting all its runs.
            Map<NodeId, LineageNodes.Job> jobs = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT j.node_id, j.namespace, j.name, j.created_at, j.updated_at, r.run_id, r.state,"
                            + " r.started_at, r.ended_at, r.created_at, r.updated_at, r.facets::text, r.job_version"
                            + " FROM lineage_jobs j LEFT JOIN LATERAL (SELECT * FROM lineage_runs"
                            + " WHERE job_id = j.node_id ORDER BY coalesce(started_at, latest_event) DESC, run_id"
                            + " LIMIT 1) r ON true WHERE j.node_id = ANY(?)")) {
                select.setArray(
                        1, connection.createArrayOf("text", byText.keySet().toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        NodeId id = byText.get(rows.getString(1));
                        UUID runId = rows.getObject(6, UUID.class);
                        LineageNodes.Run latest = runId == null
                                ? null
                                : new LineageNodes.Run(
                                        runId,
                                        id,
                                        rows.getString(7) == null ? null : RunState.valueOf(rows.getString(7)),
                                        instant(rows.getTimestamp(8)),
                                        instant(rows.getTimestamp(9)),
                                        instant(rows.getTimestamp(10)),
                                        instant(rows.getTimestamp(11)),
                                        rows.getString(12),
                                        rows.getObject(13, UUID.class));
                        jobs.put(
                                id,
                                new LineageNodes.Job(
                                        id,
                                        rows.getString(2),
                                        rows.getString(3),
                                        instant(rows.getTimestamp(4)),
                                        instant(rows.getTimestamp(5)),
                                        latest));
                    }
                }
            }
            return jobs;
        });
    }

    /** A field's type from its dataset's data, kept in memory as the graph answers keep it. */
    @Override
    public Map<NodeId, LineageNodes.Field> fields(Collection<NodeId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Set<NodeId> datasetIds = new HashSet<>();
        ids.forEach(id -> datasetIds.add(id.dataset()));
        Map<NodeId, LineageNodes.Dataset> datasets = datasets(datasetIds);
        Map<NodeId, Map<String, String>> types = new HashMap<>();
        Map<NodeId, LineageNodes.Field> fields = new HashMap<>(2 * ids.size());
        for (NodeId id : ids) {
            LineageNodes.Dataset dataset = datasets.get(id.dataset());
            if (dataset == null) {
                continue;
            }
            List<LineageEvent.Field> named = dataset.fields();
            if (named.size() <= FIELDS_SCANNED) {
                // A usual schema: looking along it costs less than a map of it per read.
                for (LineageEvent.Field field : named) {
                    if (field.name().equals(id.field())) {
                        fields.put(id, new LineageNodes.Field(id, field.type()));
                        break;
                    }
                }
                continue;
            }
            Map<String, String> byName = types.computeIfAbsent(dataset.id(), k -> {
                Map<String, String> map = new HashMap<>();
                named.forEach(field -> map.put(field.name(), field.type()));
                return map;
            });
            if (byName.containsKey(id.field())) {
                fields.put(id, new LineageNodes.Field(id, byName.get(id.field())));
            }
        }
        return fields;
    }

    @Override
    public Map<LineageEdge, LineageNodes.Transformation> transformations(Collection<LineageEdge> columnEdges) {
        if (columnEdges.isEmpty()) {
            return Map.of();
        }
        String[] origins = columnEdges.stream().map(e -> e.origin().toString()).toArray(String[]::new);
        String[] destinations =
                columnEdges.stream().map(e -> e.destination().toString()).toArray(String[]::new);
        Map<String, LineageEdge> byText = new HashMap<>();
        columnEdges.forEach(e -> byText.put(e.origin() + "\n" + e.destination(), e));
        return database.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT c.origin, c.destination, c.transformation_type, c.transformation_subtype, c.description"
                            + " FROM lineage_column_edges c JOIN unnest(?::text[], ?::text[]) AS e (origin, destination)"
                            + " ON c.origin = e.origin AND c.destination = e.destination")) {
                select.setArray(1, connection.createArrayOf("text", origins));
                select.setArray(2, connection.createArrayOf("text", destinations));
                Map<LineageEdge, LineageNodes.Transformation> transformations = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        LineageEdge edge = byText.get(rows.getString(1) + "\n" + rows.getString(2));
                        if (edge != null) {
                            transformations.put(
                                    edge,
                                    new LineageNodes.Transformation(
                                            rows.getString(3), rows.getString(4), rows.getString(5)));
                        }
                    }
                }
                return transformations;
            }
        });
    }

    @Override
    public List<LineageNodes.StoredEvent> events(Instant before, Instant after, int limit) {
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT payload::text, event_time, received_at FROM lineage_events"
                            + window(before, after) + " ORDER BY event_time DESC, event_key LIMIT ?")) {
                int next = bindWindow(select, before, after);
                select.setInt(next, limit);
                List<LineageNodes.StoredEvent> events = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        events.add(new LineageNodes.StoredEvent(
                                rows.getString(1), instant(rows.getTimestamp(2)), instant(rows.getTimestamp(3))));
                    }
                }
                return events;
            }
        });
    }

    @Override
    public long countEvents(Instant before, Instant after) {
        return database.run(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT count(*) FROM lineage_events" + window(before, after))) {
                bindWindow(select, before, after);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    private static String window(Instant before, Instant after) {
        List<String> conditions = new ArrayList<>();
        if (before != null) {
            conditions.add("event_time < ?");
        }
        if (after != null) {
            conditions.add("event_time > ?");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static int bindWindow(PreparedStatement statement, Instant before, Instant after) throws SQLException {
        int index = 1;
        if (before != null) {
            statement.setTimestamp(index++, Timestamp.from(before));
        }
        if (after != null) {
            statement.setTimestamp(index++, Timestamp.from(after));
        }
        return index;
    }

    private static Map<String, NodeId> byText(Collection<NodeId> ids) {
        Map<String, NodeId> byText = new LinkedHashMap<>();
        ids.forEach(id -> byText.put(id.toString(), id));
        return byText;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
