-- Marquez's tags on lineage datasets and their fields, and the indexes the lineage listings read by.

CREATE TABLE lineage_tags (
    name        TEXT        PRIMARY KEY,
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE lineage_dataset_tags (
    dataset_id TEXT        NOT NULL REFERENCES lineage_datasets (node_id) ON DELETE CASCADE,
    tag        TEXT        NOT NULL REFERENCES lineage_tags (name) ON DELETE CASCADE,
    tagged_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset_id, tag)
);

CREATE TABLE lineage_field_tags (
    field_id  TEXT        NOT NULL REFERENCES lineage_dataset_fields (node_id) ON DELETE CASCADE,
    tag       TEXT        NOT NULL REFERENCES lineage_tags (name) ON DELETE CASCADE,
    tagged_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (field_id, tag)
);

-- A dataset version's facets come from the events of the run that wrote it.
CREATE INDEX lineage_events_by_run ON lineage_events (run_id) WHERE run_id IS NOT NULL;

-- Versions and runs are listed newest first.
CREATE INDEX lineage_dataset_versions_by_time ON lineage_dataset_versions (dataset_id, created_at DESC);
CREATE INDEX lineage_runs_by_job_time ON lineage_runs (job_id, created_at DESC);
