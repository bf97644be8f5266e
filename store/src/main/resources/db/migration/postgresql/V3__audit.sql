-- Append-only: Switchboard never updates or deletes a row here. seq comes from an identity (a sequence), so
-- replicas appending at once get distinct, increasing numbers.
CREATE TABLE audit (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_ms      BIGINT NOT NULL,
    target_key TEXT COLLATE "C" NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX audit_target ON audit (target_key, at_ms);
CREATE INDEX audit_at ON audit (at_ms);
