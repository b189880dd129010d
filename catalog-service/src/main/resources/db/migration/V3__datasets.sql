-- The dataset index: one row per table, derived from its Iceberg metadata (owner, description and tags live in
-- table properties) and written in the same transaction as every commit, rename and drop of the table, so listing
-- and search never disagree with the catalog. Views have no row.
CREATE TABLE catalog_datasets (
    namespace         TEXT[]      NOT NULL,
    name              TEXT        NOT NULL,
    owner             TEXT,
    description       TEXT,
    tags              TEXT[]      NOT NULL DEFAULT '{}',
    column_tags       JSONB       NOT NULL DEFAULT '{}'::jsonb,
    column_tag_values TEXT[]      NOT NULL DEFAULT '{}',
    columns           TEXT[]      NOT NULL DEFAULT '{}',
    -- Lower-case words, split by the service: names (weight A), tags and columns (B), description (C).
    name_text         TEXT        NOT NULL DEFAULT '',
    tag_text          TEXT        NOT NULL DEFAULT '',
    description_text  TEXT        NOT NULL DEFAULT '',
    document          TSVECTOR GENERATED ALWAYS AS (
                          setweight(to_tsvector('simple'::regconfig, name_text), 'A')
                          || setweight(to_tsvector('simple'::regconfig, tag_text), 'B')
                          || setweight(to_tsvector('simple'::regconfig, description_text), 'C')) STORED,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace, name),
    -- A rename moves the row with its table and a drop removes it, even if a writer forgot to.
    FOREIGN KEY (namespace, name) REFERENCES iceberg_relations (namespace, name) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE INDEX catalog_datasets_search ON catalog_datasets USING GIN (document);
CREATE INDEX catalog_datasets_tags ON catalog_datasets USING GIN (tags);
CREATE INDEX catalog_datasets_column_tags ON catalog_datasets USING GIN (column_tag_values);
CREATE INDEX catalog_datasets_owner ON catalog_datasets (owner);

-- Tables that exist already are indexed by name now and in full with their next commit.
INSERT INTO catalog_datasets (namespace, name, name_text)
SELECT namespace, name,
       trim(regexp_replace(lower(array_to_string(namespace, ' ') || ' ' || name), '[^[:alnum:]]+', ' ', 'g'))
FROM iceberg_relations WHERE kind = 'TABLE';

-- When each schema of a table became its current one, written by the commit that made it current.
CREATE TABLE catalog_schema_history (
    seq               BIGSERIAL   PRIMARY KEY,
    namespace         TEXT[]      NOT NULL,
    name              TEXT        NOT NULL,
    schema_id         INT         NOT NULL,
    became_current_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    FOREIGN KEY (namespace, name) REFERENCES iceberg_relations (namespace, name) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE INDEX catalog_schema_history_by_table ON catalog_schema_history (namespace, name, seq);
