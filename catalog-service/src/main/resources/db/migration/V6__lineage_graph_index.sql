-- The graph index (core.lineage.GraphIndex) is held in memory by each catalog replica and caught up before every read
-- with one indexed question: the edges written by transactions at or after the oldest one still running when the
-- replica last looked. A transaction id, not a sequence, because edges become visible in commit order, not in the
-- order their numbers were drawn.
ALTER TABLE lineage_edges ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX lineage_edges_by_tx ON lineage_edges (tx);
ALTER TABLE lineage_column_edges ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX lineage_column_edges_by_tx ON lineage_column_edges (tx);

-- Edges are only added, except by a change that removes or renames them: that bumps the generation, and every
-- replica then rebuilds its index from the tables. Triggers, so no writer can forget it.
CREATE TABLE lineage_graph_generation (
    singleton  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    generation BIGINT  NOT NULL
);
INSERT INTO lineage_graph_generation (generation) VALUES (0);

CREATE FUNCTION lineage_graph_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lineage_graph_generation SET generation = generation + 1;
    RETURN NULL;
END $$;

CREATE FUNCTION lineage_graph_rows_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM gone) THEN
        UPDATE lineage_graph_generation SET generation = generation + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER lineage_edges_gone AFTER DELETE ON lineage_edges
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION lineage_graph_rows_gone();
CREATE TRIGGER lineage_column_edges_gone AFTER DELETE ON lineage_column_edges
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION lineage_graph_rows_gone();
CREATE TRIGGER lineage_edges_moved AFTER UPDATE OF origin, destination ON lineage_edges FOR EACH ROW
    WHEN (OLD.origin IS DISTINCT FROM NEW.origin OR OLD.destination IS DISTINCT FROM NEW.destination)
    EXECUTE FUNCTION lineage_graph_changed();
CREATE TRIGGER lineage_column_edges_moved AFTER UPDATE OF origin, destination ON lineage_column_edges FOR EACH ROW
    WHEN (OLD.origin IS DISTINCT FROM NEW.origin OR OLD.destination IS DISTINCT FROM NEW.destination)
    EXECUTE FUNCTION lineage_graph_changed();
CREATE TRIGGER lineage_edges_truncated AFTER TRUNCATE ON lineage_edges
    FOR EACH STATEMENT EXECUTE FUNCTION lineage_graph_changed();
CREATE TRIGGER lineage_column_edges_truncated AFTER TRUNCATE ON lineage_column_edges
    FOR EACH STATEMENT EXECUTE FUNCTION lineage_graph_changed();

-- A job's latest run, as graph answers show it, is the first entry of this index for the job.
CREATE INDEX lineage_runs_latest ON lineage_runs (job_id, (coalesce(started_at, latest_event)) DESC, run_id);
-- A dataset's fields in name order, read from the index alone.
CREATE INDEX lineage_dataset_fields_by_dataset_name ON lineage_dataset_fields (dataset_id, name) INCLUDE (type);
