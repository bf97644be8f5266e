-- Named leases for leader election among replicas. expires_ms: epoch milliseconds from the holder's clock (not
-- the database's); a lease is live while the reader's now is before it, so replicas need synchronised clocks.
CREATE TABLE leases (
    name       TEXT COLLATE "C" PRIMARY KEY,
    holder     TEXT NOT NULL,
    holder_url TEXT,
    expires_ms BIGINT NOT NULL
);
