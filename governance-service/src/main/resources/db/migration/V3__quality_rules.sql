-- Quality rules: the current version of each; `body` is the rule as the API reads it (table, name, type, columns,
-- params, severity, description). Every change is audited through governance_outbox in the same transaction.
CREATE TABLE quality_rules (
    id          UUID        PRIMARY KEY,
    table_name  TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    severity    TEXT        NOT NULL CHECK (severity IN ('warn', 'block')),
    body        JSONB       NOT NULL,
    version     INT         NOT NULL,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT quality_rules_table_name_key UNIQUE (table_name, name)
);
