-- Secrets are encrypted at rest (envelope encryption: see MasterKeys). A value written before V4 is kept in
-- legacy_value, in plain text, only until the store's first start encrypts it and clears the column.
CREATE TABLE secrets_v4 (
    name         TEXT PRIMARY KEY,
    legacy_value TEXT,
    ciphertext   BLOB,     -- AES-256-GCM under the row's own data key, the name as associated data
    wrapped_key  BLOB,     -- the data key, encrypted by the master key (same associated data)
    key_version  INTEGER   -- the master key version (Tink key id) that wrapped it
);
INSERT INTO secrets_v4 (name, legacy_value) SELECT name, value FROM secrets;
DROP TABLE secrets;
ALTER TABLE secrets_v4 RENAME TO secrets;
CREATE INDEX secrets_key_version ON secrets (key_version);

-- Key Vault: vault names are global (they are DNS names), so a name belongs to one vault resource.
CREATE TABLE vaults (
    vault_key TEXT PRIMARY KEY,   -- lower-case vault name
    owner     TEXT NOT NULL       -- the vault resource's ID
);

-- A secret by name; deleted_at set = soft-deleted (recoverable until purged).
CREATE TABLE vault_secrets (
    vault_key          TEXT NOT NULL,
    name_key           TEXT NOT NULL,   -- lower-case: secret names are case-insensitive
    name               TEXT NOT NULL,   -- as first written
    deleted_at         TEXT,
    scheduled_purge_at TEXT,
    PRIMARY KEY (vault_key, name_key)
);

-- Every set makes a version; seq orders them (the highest is the latest).
CREATE TABLE vault_secret_versions (
    vault_key    TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    version      TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    content_type TEXT,
    enabled      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    ciphertext   BLOB NOT NULL,
    wrapped_key  BLOB NOT NULL,
    key_version  INTEGER NOT NULL,
    PRIMARY KEY (vault_key, name_key, version)
);
CREATE INDEX vault_secret_versions_seq ON vault_secret_versions (vault_key, name_key, seq);
CREATE INDEX vault_secret_versions_key_version ON vault_secret_versions (key_version);
