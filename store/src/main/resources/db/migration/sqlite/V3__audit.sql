-- Append-only: Switchboard never updates or deletes a row here.
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms      INTEGER NOT NULL,
    target_key TEXT NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX audit_target ON audit (target_key, at_ms);
CREATE INDEX audit_at ON audit (at_ms);
