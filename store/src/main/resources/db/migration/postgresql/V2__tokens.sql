-- Access tokens. Only the SHA-256 of a token's secret part is kept; scope_key is the scope's case-folded ID
-- (NULL: everything), scope_id the ID as written.
CREATE TABLE tokens (
    id          TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    role        TEXT NOT NULL,
    scope_key   TEXT COLLATE "C",
    scope_id    TEXT,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX tokens_scope ON tokens (scope_key);
