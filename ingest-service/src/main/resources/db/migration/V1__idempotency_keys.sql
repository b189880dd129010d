-- Idempotency-Key → receipt, per producer and table. A row without a receipt is a request in flight; its lease
-- bounds how long a crashed request can hold the key. Rows are purged once expires_at has passed.
CREATE TABLE idempotency_keys (
    producer        TEXT        NOT NULL,
    table_id        TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    fingerprint     BYTEA       NOT NULL,
    receipt         JSONB,
    claimed_at      TIMESTAMPTZ NOT NULL,
    lease_until     TIMESTAMPTZ NOT NULL,
    completed_at    TIMESTAMPTZ,
    expires_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (producer, table_id, idempotency_key)
);

CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
