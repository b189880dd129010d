-- PII classifications: one row per column and proposed tag (proposed once; a newer scan refreshes a still-proposed
-- one's evidence). Decisions are audited through governance_outbox in the same transaction.
CREATE TABLE pii_classifications (
    id              UUID             PRIMARY KEY,
    table_name      TEXT             NOT NULL,
    column_name     TEXT             NOT NULL,
    tag             TEXT             NOT NULL,
    status          TEXT             NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected')),
    share           DOUBLE PRECISION NOT NULL,
    sample_size     INT              NOT NULL,
    evidence        JSONB            NOT NULL,
    proposed_at     TIMESTAMPTZ      NOT NULL,
    decided_by      TEXT,
    decided_at      TIMESTAMPTZ,
    decision_reason TEXT,
    applied         BOOLEAN          NOT NULL DEFAULT false,
    CONSTRAINT pii_classifications_column_tag_key UNIQUE (table_name, column_name, tag)
);
CREATE INDEX pii_classifications_status ON pii_classifications (status, id);

-- When each table was last scanned, so a busy table is sampled at most once per scan interval.
CREATE TABLE pii_scans (
    table_name  TEXT        PRIMARY KEY,
    snapshot_id BIGINT      NOT NULL,
    scanned_at  TIMESTAMPTZ NOT NULL
);
