-- Named leases for leader election among replicas (a SQLite store has one process, which always gets them).
-- expires_ms: epoch milliseconds from the holder's clock; a lease is live while the reader's now is before it.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    holder_url TEXT,
    expires_ms INTEGER NOT NULL
);
