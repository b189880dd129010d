-- The lineage graph (OpenLineage events, read through Marquez's API shapes). Nodes are keyed by their node id
-- (dataset:<ns>:<name>, job:<ns>:<name>, datasetField:<ns>:<name>:<field>), so an edge is two texts and a graph walk
-- asks one indexed question per level.

-- Every event stored once, by its identity (run id + event time + event type, or dataset/job + event time).
CREATE TABLE lineage_events (
    event_key   TEXT        PRIMARY KEY,
    kind        TEXT        NOT NULL,
    event_type  TEXT,
    event_time  TIMESTAMPTZ NOT NULL,
    run_id      UUID,
    job_node    TEXT,
    payload     JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX lineage_events_by_time ON lineage_events (event_time DESC);

CREATE TABLE lineage_namespaces (
    name       TEXT        PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE lineage_datasets (
    node_id    TEXT        PRIMARY KEY,
    namespace  TEXT        NOT NULL REFERENCES lineage_namespaces (name),
    name       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (namespace, name)
);

-- Fields named by a schema facet (with their type) or by column lineage (type unknown until a schema names it).
CREATE TABLE lineage_dataset_fields (
    node_id    TEXT PRIMARY KEY,
    dataset_id TEXT NOT NULL REFERENCES lineage_datasets (node_id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    type       TEXT
);
CREATE INDEX lineage_dataset_fields_by_dataset ON lineage_dataset_fields (dataset_id);

CREATE TABLE lineage_jobs (
    node_id       TEXT        PRIMARY KEY,
    namespace     TEXT        NOT NULL REFERENCES lineage_namespaces (name),
    name          TEXT        NOT NULL,
    latest_run_id UUID,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (namespace, name)
);

CREATE TABLE lineage_runs (
    run_id        UUID        PRIMARY KEY,
    job_id        TEXT        NOT NULL REFERENCES lineage_jobs (node_id),
    state         TEXT,
    state_at      TIMESTAMPTZ,
    started_at    TIMESTAMPTZ,
    ended_at      TIMESTAMPTZ,
    latest_event  TIMESTAMPTZ NOT NULL,
    facets        JSONB,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX lineage_runs_by_job ON lineage_runs (job_id);

-- One version of a dataset per run that wrote it.
CREATE TABLE lineage_dataset_versions (
    dataset_id TEXT        NOT NULL REFERENCES lineage_datasets (node_id) ON DELETE CASCADE,
    run_id     UUID        NOT NULL REFERENCES lineage_runs (run_id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset_id, run_id)
);

-- dataset -> job (an input of the job) and job -> dataset (an output); edges accumulate over all runs.
CREATE TABLE lineage_edges (
    origin      TEXT        NOT NULL,
    destination TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (origin, destination)
);
CREATE INDEX lineage_edges_by_destination ON lineage_edges (destination, origin);

-- input field -> output field, from ColumnLineageDatasetFacet.
CREATE TABLE lineage_column_edges (
    origin                 TEXT        NOT NULL,
    destination            TEXT        NOT NULL,
    transformation_type    TEXT,
    transformation_subtype TEXT,
    description            TEXT,
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (origin, destination)
);
CREATE INDEX lineage_column_edges_by_destination ON lineage_column_edges (destination, origin);
