package io.tributary.catalog.store;

import io.tributary.catalog.core.lineage.NodeId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Keeps the lineage graph's table nodes in step with the catalog, inside the catalog's own transaction: a dropped table
 * keeps its lineage and is marked dropped (a table created again under that name is not); a renamed table's node,
 * fields, edges, column edges, versions, job versions and tags move to the new name, merging with any lineage already recorded there,
 * and the old name is remembered.
 */
final class LineageFollowsCatalog {

    private final String namespace;

    /**
     * @param namespace the lineage namespace of this catalog's tables (the catalog's name). Replicas' in-memory graph
     *     indexes notice the rewritten edges by themselves (V6's triggers bump the graph generation on deletes).
     */
    LineageFollowsCatalog(String namespace) {
        this.namespace = namespace;
    }

    void created(Connection connection, TableIdentifier table) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE lineage_datasets SET deleted_at = NULL, updated_at = now() WHERE node_id = ? AND deleted_at IS NOT NULL")) {
            update.setString(1, node(table).toString());
            update.executeUpdate();
        }
    }

    void dropped(Connection connection, TableIdentifier table) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE lineage_datasets SET deleted_at = now(), updated_at = now() WHERE node_id = ?")) {
            update.setString(1, node(table).toString());
            update.executeUpdate();
        }
    }

    void renamed(Connection connection, TableIdentifier from, TableIdentifier to) throws SQLException {
        String oldNode = node(from).toString();
        String newNode = node(to).toString();
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT 1 FROM lineage_datasets WHERE node_id = ? FOR UPDATE")) {
            lock.setString(1, oldNode);
            try (ResultSet rows = lock.executeQuery()) {
                if (!rows.next()) {
                    return;
                }
            }
        }
        execute(
                connection,
                "INSERT INTO lineage_datasets (node_id, namespace, name, created_at, updated_at)"
                        + " SELECT ?, namespace, ?, created_at, now() FROM lineage_datasets WHERE node_id = ?"
                        + " ON CONFLICT (node_id) DO UPDATE SET updated_at = now(), deleted_at = NULL",
                newNode,
                to.toString(),
                oldNode);
        List<String> oldFields = new ArrayList<>();
        List<String> newFields = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT node_id, name FROM lineage_dataset_fields WHERE dataset_id = ? ORDER BY node_id")) {
            select.setString(1, oldNode);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    oldFields.add(rows.getString(1));
                    newFields.add(NodeId.field(namespace, to.toString(), rows.getString(2))
                            .toString());
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO lineage_dataset_fields (node_id, dataset_id, name, type)"
                        + " SELECT m.new, ?, f.name, f.type FROM lineage_dataset_fields f"
                        + " JOIN unnest(?::text[], ?::text[]) AS m (old, new) ON m.old = f.node_id"
                        + " ON CONFLICT (node_id) DO UPDATE SET type = COALESCE(lineage_dataset_fields.type, EXCLUDED.type)")) {
            insert.setString(1, newNode);
            insert.setArray(2, connection.createArrayOf("text", oldFields.toArray()));
            insert.setArray(3, connection.createArrayOf("text", newFields.toArray()));
            insert.executeUpdate();
        }
        try (PreparedStatement move = connection.prepareStatement(
                "INSERT INTO lineage_column_edges (origin, destination, transformation_type, transformation_subtype,"
                        + " description, updated_at)"
                        + " SELECT COALESCE(o.new, e.origin), COALESCE(d.new, e.destination), e.transformation_type,"
                        + " e.transformation_subtype, e.description, e.updated_at FROM lineage_column_edges e"
                        + " LEFT JOIN unnest(?::text[], ?::text[]) AS o (old, new) ON o.old = e.origin"
                        + " LEFT JOIN unnest(?::text[], ?::text[]) AS d (old, new) ON d.old = e.destination"
                        + " WHERE e.origin = ANY(?) OR e.destination = ANY(?)"
                        + " ON CONFLICT (origin, destination) DO NOTHING")) {
            java.sql.Array olds = connection.createArrayOf("text", oldFields.toArray());
            java.sql.Array news = connection.createArrayOf("text", newFields.toArray());
            move.setArray(1, olds);
            move.setArray(2, news);
            move.setArray(3, olds);
            move.setArray(4, news);
            move.setArray(5, olds);
            move.setArray(6, olds);
            move.executeUpdate();
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM lineage_column_edges WHERE origin = ANY(?) OR destination = ANY(?)")) {
            java.sql.Array olds = connection.createArrayOf("text", oldFields.toArray());
            delete.setArray(1, olds);
            delete.setArray(2, olds);
            delete.executeUpdate();
        }
        execute(
                connection,
                "INSERT INTO lineage_edges (origin, destination, updated_at)"
                        + " SELECT CASE WHEN origin = ? THEN ? ELSE origin END,"
                        + " CASE WHEN destination = ? THEN ? ELSE destination END, updated_at"
                        + " FROM lineage_edges WHERE origin = ? OR destination = ?"
                        + " ON CONFLICT (origin, destination) DO NOTHING",
                oldNode,
                newNode,
                oldNode,
                newNode,
                oldNode,
                oldNode);
        execute(connection, "DELETE FROM lineage_edges WHERE origin = ? OR destination = ?", oldNode, oldNode);
        // Job versions keep their ids (runs refer to them) and name the table by its new name from now on.
        execute(
                connection,
                "UPDATE lineage_job_versions SET"
                        + " inputs = ARRAY(SELECT x FROM unnest(array_replace(inputs, ?::text, ?::text)) x GROUP BY x ORDER BY x COLLATE \"C\"),"
                        + " outputs = ARRAY(SELECT x FROM unnest(array_replace(outputs, ?::text, ?::text)) x GROUP BY x ORDER BY x COLLATE \"C\")"
                        + " WHERE (inputs || outputs) @> ARRAY[?::text]",
                oldNode,
                newNode,
                oldNode,
                newNode,
                oldNode);
        execute(
                connection,
                "INSERT INTO lineage_dataset_versions (dataset_id, run_id, created_at)"
                        + " SELECT ?, run_id, created_at FROM lineage_dataset_versions WHERE dataset_id = ?"
                        + " ON CONFLICT DO NOTHING",
                newNode,
                oldNode);
        execute(
                connection,
                "INSERT INTO lineage_dataset_tags (dataset_id, tag, tagged_at)"
                        + " SELECT ?, tag, tagged_at FROM lineage_dataset_tags WHERE dataset_id = ? ON CONFLICT DO NOTHING",
                newNode,
                oldNode);
        try (PreparedStatement tags = connection.prepareStatement(
                "INSERT INTO lineage_field_tags (field_id, tag, tagged_at) SELECT m.new, t.tag, t.tagged_at"
                        + " FROM lineage_field_tags t JOIN unnest(?::text[], ?::text[]) AS m (old, new) ON m.old = t.field_id"
                        + " ON CONFLICT DO NOTHING")) {
            tags.setArray(1, connection.createArrayOf("text", oldFields.toArray()));
            tags.setArray(2, connection.createArrayOf("text", newFields.toArray()));
            tags.executeUpdate();
        }
        // Fields, versions and tags of the old node go with it (ON DELETE CASCADE); copies live on under the new one.
        execute(connection, "DELETE FROM lineage_datasets WHERE node_id = ?", oldNode);
        execute(connection, "INSERT INTO lineage_dataset_renames (from_node, to_node) VALUES (?, ?)", oldNode, newNode);
    }

    private NodeId node(TableIdentifier table) {
        return NodeId.dataset(namespace, table.toString());
    }

    private static void execute(Connection connection, String sql, String... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
