-- Secrets are encrypted at rest (envelope encryption: see MasterKeys). A value written before V4 is kept in
-- legacy_value, in plain text, only until the store's first start encrypts it and clears the column.
ALTER TABLE secrets RENAME COLUMN value TO legacy_value;
ALTER TABLE secrets ALTER COLUMN legacy_value DROP NOT NULL;
ALTER TABLE secrets ADD COLUMN ciphertext  BYTEA;    -- AES-256-GCM under the row's own data key, the name as associated data
ALTER TABLE secrets ADD COLUMN wrapped_key BYTEA;    -- the data key, encrypted by the master key (same associated data)
ALTER TABLE secrets ADD COLUMN key_version INTEGER;  -- the master key version (Tink key id) that wrapped it
CREATE INDEX secrets_key_version ON secrets (key_version);

-- Key Vault: vault names are global (they are DNS names), so a name belongs to one vault resource.
CREATE TABLE vaults (
    vault_key TEXT COLLATE "C" PRIMARY KEY,   -- lower-case vault name
    owner     TEXT NOT NULL       -- the vault resource's ID
);

-- A secret by name; deleted_at set = soft-deleted (recoverable until purged).
CREATE TABLE vault_secrets (
    vault_key          TEXT COLLATE "C" NOT NULL,
    name_key           TEXT COLLATE "C" NOT NULL,   -- lower-case: secret names are case-insensitive
    name               TEXT NOT NULL,   -- as first written
    deleted_at         TEXT,
    scheduled_purge_at TEXT,
    PRIMARY KEY (vault_key, name_key)
);

-- Every set makes a version; seq orders them (the highest is the latest).
CREATE TABLE vault_secret_versions (
    vault_key    TEXT COLLATE "C" NOT NULL,
    name_key     TEXT COLLATE "C" NOT NULL,
    version      TEXT COLLATE "C" NOT NULL,
    seq          INTEGER NOT NULL,
    content_type TEXT,
    enabled      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    ciphertext   BYTEA NOT NULL,
    wrapped_key  BYTEA NOT NULL,
    key_version  INTEGER NOT NULL,
    PRIMARY KEY (vault_key, name_key, version)
);
CREATE INDEX vault_secret_versions_seq ON vault_secret_versions (vault_key, name_key, seq);
CREATE INDEX vault_secret_versions_key_version ON vault_secret_versions (key_version);
