-- The tamper-evident audit log: each entry's hash covers its content and the previous entry's hash,
-- so changing or deleting any entry breaks every hash after it.
CREATE TABLE audit_log (
    seq         BIGSERIAL PRIMARY KEY,
    event_id    UUID        NOT NULL UNIQUE,
    occurred_at TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    principal   TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    resource    TEXT        NOT NULL,
    outcome     TEXT        NOT NULL,
    trace_id    TEXT,
    detail      JSONB,
    prev_hash   BYTEA       NOT NULL,
    hash        BYTEA       NOT NULL UNIQUE
);
