-- Firmware: published bundles per model and version, each camera's target version, and the last
-- update step each camera reported.

CREATE TABLE firmware_bundles (
    model           TEXT    NOT NULL,
    version         TEXT    NOT NULL,
    version_number  BIGINT  NOT NULL,
    size_bytes      BIGINT  NOT NULL,
    sha256          TEXT    NOT NULL,   -- hex, of the whole bundle file
    key_id          TEXT    NOT NULL,   -- signing key of the bundle
    file_name       TEXT    NOT NULL,   -- under DATA/firmware/bundles/<model>/
    published_at    BIGINT  NOT NULL,   -- ms since the epoch
    PRIMARY KEY (model, version)
);

CREATE TABLE firmware_targets (
    camera_serial   TEXT    PRIMARY KEY,
    version         TEXT    NOT NULL,
    set_at          BIGINT  NOT NULL
);

CREATE TABLE firmware_progress (
    camera_serial   TEXT    PRIMARY KEY,
    version         TEXT    NOT NULL,
    step            TEXT    NOT NULL,
    bytes_done      BIGINT  NOT NULL,
    bytes_total     BIGINT  NOT NULL,
    error           TEXT    NOT NULL,
    reported_at     BIGINT  NOT NULL
);
