-- A job version per distinct (job, source code location, inputs, outputs), as Marquez keeps them. The id is
-- name-based (core.lineage.JobVersions), so every replica derives the same one; inputs and outputs are dataset node ids
-- in sorted order, rewritten when a table is renamed.
CREATE TABLE lineage_job_versions (
    version    UUID        PRIMARY KEY,
    job_id     TEXT        NOT NULL REFERENCES lineage_jobs (node_id),
    location   TEXT,
    inputs     TEXT[]      NOT NULL,
    outputs    TEXT[]      NOT NULL,
    facets     JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX lineage_job_versions_by_job ON lineage_job_versions (job_id, created_at DESC, version);
CREATE INDEX lineage_job_versions_by_dataset ON lineage_job_versions USING gin ((inputs || outputs));

ALTER TABLE lineage_runs ADD COLUMN job_version UUID REFERENCES lineage_job_versions (version);
-- A version's latest run, chosen as a job's latest run is (lineage_runs_latest).
CREATE INDEX lineage_runs_latest_by_version ON lineage_runs
    (job_version, (coalesce(started_at, latest_event)) DESC, run_id) WHERE job_version IS NOT NULL;
ALTER TABLE lineage_jobs ADD COLUMN current_version UUID;

-- Graph answers keep each node's data in memory (store.LineageNodeCache). A dataset or job row records the last
-- transaction that changed what a graph answer shows of it, and the catch-up before each read asks for the rows changed
-- since, as it does for edges. Triggers, so no writer can forget it.
ALTER TABLE lineage_datasets ADD COLUMN changed_tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX lineage_datasets_by_changed_tx ON lineage_datasets (changed_tx);
ALTER TABLE lineage_jobs ADD COLUMN changed_tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX lineage_jobs_by_changed_tx ON lineage_jobs (changed_tx);

CREATE FUNCTION lineage_node_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed_tx := pg_current_xact_id();
    RETURN NEW;
END $$;
CREATE TRIGGER lineage_datasets_changed BEFORE UPDATE ON lineage_datasets
    FOR EACH ROW EXECUTE FUNCTION lineage_node_changed();
CREATE TRIGGER lineage_jobs_changed BEFORE UPDATE ON lineage_jobs
    FOR EACH ROW EXECUTE FUNCTION lineage_node_changed();

-- A dataset's fields and a job's runs are part of their node's data: a change to them marks the node (once per
-- transaction; the ingest has usually marked it already by upserting the node).
CREATE FUNCTION lineage_fields_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lineage_datasets SET changed_tx = pg_current_xact_id()
     WHERE node_id IN (SELECT dataset_id FROM changed) AND changed_tx <> pg_current_xact_id();
    RETURN NULL;
END $$;
CREATE TRIGGER lineage_dataset_fields_added AFTER INSERT ON lineage_dataset_fields
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lineage_fields_changed();
CREATE TRIGGER lineage_dataset_fields_updated AFTER UPDATE ON lineage_dataset_fields
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lineage_fields_changed();
CREATE TRIGGER lineage_dataset_fields_removed AFTER DELETE ON lineage_dataset_fields
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lineage_fields_changed();

CREATE FUNCTION lineage_runs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lineage_jobs SET changed_tx = pg_current_xact_id()
     WHERE node_id IN (SELECT job_id FROM changed) AND changed_tx <> pg_current_xact_id();
    RETURN NULL;
END $$;
CREATE TRIGGER lineage_runs_added AFTER INSERT ON lineage_runs
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lineage_runs_changed();
CREATE TRIGGER lineage_runs_updated AFTER UPDATE ON lineage_runs
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lineage_runs_changed();
CREATE TRIGGER lineage_runs_removed AFTER DELETE ON lineage_runs
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lineage_runs_changed();

-- A node that disappears (a rename removes the old one) makes every replica drop its cached node data, as removed
-- edges make it rebuild its index.
CREATE TRIGGER lineage_datasets_gone AFTER DELETE ON lineage_datasets
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION lineage_graph_rows_gone();
CREATE TRIGGER lineage_jobs_gone AFTER DELETE ON lineage_jobs
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION lineage_graph_rows_gone();
