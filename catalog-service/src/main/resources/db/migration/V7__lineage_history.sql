-- The lineage graph follows the catalog: a dropped table keeps its lineage, marked with when it was dropped, and a
-- renamed table's node moves to its new name, leaving a record of the old one.
ALTER TABLE lineage_datasets ADD COLUMN deleted_at TIMESTAMPTZ;

CREATE TABLE lineage_dataset_renames (
    from_node  TEXT        NOT NULL,
    to_node    TEXT        NOT NULL,
    renamed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (from_node, renamed_at)
);
CREATE INDEX lineage_dataset_renames_by_to ON lineage_dataset_renames (to_node);

-- Retention prunes runs by their latest event and raw events by their time (lineage_events_by_time).
CREATE INDEX lineage_runs_by_latest_event ON lineage_runs (latest_event);
