-- The same schema as db/migration/sqlite/V1 (same versions, same meaning). Times are ISO-8601 text, as there;
-- keys compare and sort byte by byte (COLLATE "C"), as SQLite does, so lists come in the same order on both.
CREATE TABLE resources (
    key              TEXT COLLATE "C" PRIMARY KEY,
    id               TEXT COLLATE "C" NOT NULL,
    parent_key       TEXT COLLATE "C" NOT NULL,
    type             TEXT COLLATE "C" NOT NULL,
    body             TEXT NOT NULL,
    etag             TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    modified_by      TEXT NOT NULL,
    modified_at      TEXT NOT NULL
);
CREATE INDEX resources_parent ON resources (parent_key, type);

CREATE TABLE secrets (
    name  TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE footprints (
    linker_key TEXT COLLATE "C" PRIMARY KEY,
    source_key TEXT COLLATE "C" NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX footprints_source ON footprints (source_key);

CREATE TABLE operations (
    id     TEXT COLLATE "C" PRIMARY KEY,
    status TEXT NOT NULL,
    body   TEXT NOT NULL,
    intent TEXT
);
CREATE INDEX operations_status ON operations (status);

CREATE TABLE journal (
    operation_id TEXT COLLATE "C" NOT NULL,
    seq          INTEGER NOT NULL,
    body         TEXT NOT NULL,
    PRIMARY KEY (operation_id, seq)
);
