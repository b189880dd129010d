-- Policies: the current version of each in `policies`, every version ever made in `policy_history` (who, when, why).
CREATE TABLE policies (
    id          UUID        PRIMARY KEY,
    kind        TEXT        NOT NULL,
    version     INT         NOT NULL,
    body        JSONB       NOT NULL,
    description TEXT,
    changed_by  TEXT        NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    reason      TEXT
);

CREATE TABLE policy_history (
    revision    BIGSERIAL   PRIMARY KEY,
    id          UUID        NOT NULL,
    version     INT         NOT NULL,
    operation   TEXT        NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
    kind        TEXT        NOT NULL,
    body        JSONB       NOT NULL,
    description TEXT,
    changed_by  TEXT        NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    reason      TEXT,
    UNIQUE (id, version)
);

-- Policy changes (for every replica's cache) and audit events leave through this transactional outbox.
CREATE TABLE governance_outbox (
    seq          BIGSERIAL   PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    event_key    TEXT,
    payload      JSONB       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);
CREATE INDEX governance_outbox_pending ON governance_outbox (seq) WHERE published_at IS NULL;

-- What the last validated token of each user said, so that Trino users (known to Trino by name only) get their
-- roles and attributes.
CREATE TABLE principals (
    user_name  TEXT        PRIMARY KEY,
    client     TEXT,
    roles      TEXT[]      NOT NULL,
    attributes JSONB       NOT NULL,
    seen_at    TIMESTAMPTZ NOT NULL
);

-- The audit log's detail is hashed as written: TEXT keeps it byte for byte, where JSONB would normalize it.
ALTER TABLE audit_log ALTER COLUMN detail TYPE TEXT USING detail::text;
ALTER TABLE audit_log ALTER COLUMN recorded_at DROP DEFAULT;
CREATE INDEX audit_log_principal ON audit_log (principal, seq);
CREATE INDEX audit_log_resource ON audit_log (resource, seq);
CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at, seq);

-- The Kafka position of tributary.audit, written in the same transaction as the entries it covers (exactly once).
CREATE TABLE audit_offsets (
    topic       TEXT   NOT NULL,
    partition   INT    NOT NULL,
    next_offset BIGINT NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- The service connects as the database's owner (the launcher creates one role per installation), and an owner
-- cannot be denied UPDATE or DELETE on its own table: these triggers refuse them instead. Whoever disables them
-- still cannot hide a change, since the hash chain names the first entry that no longer matches.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER policy_history_append_only BEFORE UPDATE OR DELETE ON policy_history
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER policy_history_no_truncate BEFORE TRUNCATE ON policy_history
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
