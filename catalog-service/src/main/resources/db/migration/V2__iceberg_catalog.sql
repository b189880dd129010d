-- The Iceberg REST catalog. PostgreSQL holds the namespaces and, for each table and view, only the location of its
-- current metadata file; the metadata itself lives in files under the warehouse. A commit swaps that location with
-- a compare-and-swap UPDATE, so PostgreSQL decides which of two concurrent writers wins.

CREATE TABLE iceberg_namespaces (
    namespace  TEXT[]      PRIMARY KEY,
    -- NULL for a top-level namespace; a namespace with children cannot be dropped.
    parent     TEXT[]      REFERENCES iceberg_namespaces (namespace),
    properties JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT iceberg_namespaces_not_empty CHECK (cardinality(namespace) >= 1),
    CONSTRAINT iceberg_namespaces_parent_is_prefix CHECK (
        (cardinality(namespace) = 1 AND parent IS NULL)
        OR parent = namespace[1:cardinality(namespace) - 1])
);

CREATE INDEX iceberg_namespaces_by_parent ON iceberg_namespaces (parent);

-- Tables and views share one set of names per namespace, as the Iceberg REST protocol requires.
CREATE TABLE iceberg_relations (
    namespace                  TEXT[]      NOT NULL REFERENCES iceberg_namespaces (namespace),
    name                       TEXT        NOT NULL,
    kind                       TEXT        NOT NULL CHECK (kind IN ('TABLE', 'VIEW')),
    metadata_location          TEXT        NOT NULL,
    previous_metadata_location TEXT,
    created_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace, name)
);

-- Scan and commit reports that engines send after reading or writing a table.
CREATE TABLE iceberg_metrics_reports (
    id          BIGSERIAL PRIMARY KEY,
    namespace   TEXT[]      NOT NULL,
    table_name  TEXT        NOT NULL,
    report_type TEXT        NOT NULL,
    report      JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX iceberg_metrics_reports_by_table ON iceberg_metrics_reports (namespace, table_name, received_at);
