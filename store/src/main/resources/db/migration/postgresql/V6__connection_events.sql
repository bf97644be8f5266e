-- What happened to each connection without anyone asking (drift found, healed, not healed). seq comes from an
-- identity, so replicas appending at once get distinct, increasing numbers; rows go when their connection is deleted.
CREATE TABLE connection_events (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    linker_key TEXT COLLATE "C" NOT NULL,
    at_ms      BIGINT NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX connection_events_linker ON connection_events (linker_key, seq);
