-- Catalog events leave through this transactional outbox: written in the same transaction as the change,
-- published to tributary.catalog.events afterwards, so a Kafka outage delays events and never loses them.
CREATE TABLE catalog_outbox (
    seq          BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    event_key    TEXT,
    payload      JSONB       NOT NULL,
    traceparent  TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);

CREATE INDEX catalog_outbox_pending ON catalog_outbox (seq) WHERE published_at IS NULL;
