-- What happened to each connection without anyone asking (drift found, healed, not healed). seq orders them;
-- rows go when their connection is deleted.
CREATE TABLE connection_events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    linker_key TEXT NOT NULL,
    at_ms      INTEGER NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX connection_events_linker ON connection_events (linker_key, seq);
