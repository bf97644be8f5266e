CREATE TABLE resources (
    key              TEXT PRIMARY KEY,
    id               TEXT NOT NULL,
    parent_key       TEXT NOT NULL,
    type             TEXT NOT NULL,
    body             TEXT NOT NULL,
    etag             TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    modified_by      TEXT NOT NULL,
    modified_at      TEXT NOT NULL
);
CREATE INDEX resources_parent ON resources (parent_key, type);

CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE footprints (
    linker_key TEXT PRIMARY KEY,
    source_key TEXT NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX footprints_source ON footprints (source_key);

CREATE TABLE operations (
    id     TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    body   TEXT NOT NULL,
    intent TEXT
);
CREATE INDEX operations_status ON operations (status);

CREATE TABLE journal (
    operation_id TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    body         TEXT NOT NULL,
    PRIMARY KEY (operation_id, seq)
);
