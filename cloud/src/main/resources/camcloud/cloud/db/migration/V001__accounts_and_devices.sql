-- Accounts, sign-in sessions and registered devices.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT    NOT NULL,   -- Argon2id, encoded with its parameters and salt
    created_at    INTEGER NOT NULL    -- epoch millis
);

CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,   -- SHA-256 of the cookie value; the value itself is never stored
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE devices (
    id               INTEGER PRIMARY KEY,
    serial           TEXT    NOT NULL UNIQUE,
    mac              TEXT    NOT NULL,
    model            TEXT    NOT NULL,
    public_key       BLOB    NOT NULL,   -- DER SubjectPublicKeyInfo of the device key
    certificate      BLOB    NOT NULL,   -- DER X.509 issued by the platform CA
    claim_code_hash  TEXT    NOT NULL UNIQUE,
    registered_at    INTEGER NOT NULL,
    owner_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name             TEXT,
    claimed_at       INTEGER,
    firmware_version TEXT,
    last_seen_at     INTEGER,            -- flushed in batches, not per heartbeat
    last_address     TEXT
);
CREATE INDEX devices_by_owner ON devices (owner_id);
