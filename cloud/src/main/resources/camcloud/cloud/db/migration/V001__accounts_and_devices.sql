-- Accounts, sign-in sessions and registered devices.
--
-- Every migration runs on SQLite and on PostgreSQL (Flyway). The types they spell differently are
-- placeholders filled in per engine (camcloud.cloud.db.Engine): "id" an id the database assigns,
-- "bytes" binary data. Times, sizes, ids and sequences are BIGINT; flags INTEGER 0/1; text TEXT.
-- Usernames are stored lower-case (Users), so a plain UNIQUE is case-insensitive.

CREATE TABLE users (
    id            ${id},
    username      TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,   -- Argon2id, encoded with its parameters and salt
    created_at    BIGINT  NOT NULL    -- epoch millis
);

CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,   -- SHA-256 of the cookie value; the value itself is never stored
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE devices (
    id               ${id},
    serial           TEXT    NOT NULL UNIQUE,
    mac              TEXT    NOT NULL,
    model            TEXT    NOT NULL,
    public_key       ${bytes} NOT NULL,   -- DER SubjectPublicKeyInfo of the device key
    certificate      ${bytes} NOT NULL,   -- DER X.509 issued by the platform CA
    claim_code_hash  TEXT    NOT NULL UNIQUE,
    registered_at    BIGINT  NOT NULL,
    owner_id         BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    name             TEXT,
    claimed_at       BIGINT, 
    firmware_version TEXT,
    last_seen_at     BIGINT,             -- flushed in batches, not per heartbeat
    last_address     TEXT
);
CREATE INDEX devices_by_owner ON devices (owner_id);
