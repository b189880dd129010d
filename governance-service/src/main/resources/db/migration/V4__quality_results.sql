-- One row per snapshot (and branch) whose rules were run; the newest of a branch is where the next run's new rows start.
CREATE TABLE quality_runs (
    seq            BIGSERIAL   PRIMARY KEY,
    run_id         UUID        NOT NULL UNIQUE,
    table_name     TEXT        NOT NULL,
    branch         TEXT        NOT NULL,
    snapshot_id    BIGINT      NOT NULL,
    new_rows_after BIGINT,
    new_rows_exact BOOLEAN     NOT NULL,
    blocked        BOOLEAN     NOT NULL,
    evaluated_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT quality_runs_snapshot_key UNIQUE (table_name, branch, snapshot_id)
);
CREATE INDEX quality_runs_snapshot ON quality_runs (table_name, snapshot_id);

-- What each rule found on each snapshot. A snapshot published from a branch to main keeps its first results: one row
-- per rule version and snapshot. Rules may be deleted later; their results stay.
CREATE TABLE quality_results (
    seq           BIGSERIAL   PRIMARY KEY,
    run_id        UUID        NOT NULL,
    rule_id       UUID        NOT NULL,
    rule_version  INT         NOT NULL,
    rule_name     TEXT        NOT NULL,
    rule_type     TEXT        NOT NULL,
    columns       TEXT[]      NOT NULL,
    table_name    TEXT        NOT NULL,
    branch        TEXT        NOT NULL,
    snapshot_id   BIGINT      NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('pass', 'fail', 'error')),
    severity      TEXT        NOT NULL CHECK (severity IN ('warn', 'block')),
    checked_rows  BIGINT,
    failing_rows  BIGINT,
    samples       JSONB       NOT NULL,
    duration_ms   BIGINT      NOT NULL,
    evaluated_at  TIMESTAMPTZ NOT NULL,
    message       TEXT,
    CONSTRAINT quality_results_rule_snapshot_key UNIQUE (rule_id, rule_version, snapshot_id)
);
CREATE INDEX quality_results_table ON quality_results (table_name, seq);
CREATE INDEX quality_results_snapshot ON quality_results (snapshot_id, seq);
CREATE INDEX quality_results_rule ON quality_results (rule_id, seq);
