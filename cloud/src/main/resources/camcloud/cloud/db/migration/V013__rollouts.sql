-- Firmware rollouts: camera tags that pick cameras, rollouts with their waves and cameras, and the
-- lease that lets exactly one node drive them. Times are epoch milliseconds of the writing node's clock.

-- Tags an operator puts on cameras ("qa", a site, a customer): [a-z0-9][a-z0-9._-]{0,63}.
CREATE TABLE camera_tags (
    camera_serial TEXT NOT NULL,
    tag           TEXT NOT NULL,
    PRIMARY KEY (camera_serial, tag)
);
CREATE INDEX camera_tags_by_tag ON camera_tags (tag);

-- One rollout of one model's version. state: draft, running, paused, completed, cancelled.
CREATE TABLE rollouts (
    id                  ${id},
    model               TEXT    NOT NULL,
    version             TEXT    NOT NULL,
    state               TEXT    NOT NULL,
    pause_reason        TEXT,
    settings            TEXT    NOT NULL,   -- the settings as created (JSON), shown back as they were
    success_threshold   INTEGER NOT NULL,   -- percent
    error_threshold     INTEGER NOT NULL,   -- percent
    min_finished        INTEGER NOT NULL,
    camera_timeout_ms   BIGINT  NOT NULL,
    settle_ms           BIGINT  NOT NULL,
    max_downloads       INTEGER NOT NULL,
    goes_back_from      BIGINT,             -- the rollout this one goes back from (rollback), if any
    created_at          BIGINT  NOT NULL,
    started_at          BIGINT,
    ended_at            BIGINT
);
CREATE INDEX rollouts_by_state ON rollouts (state);

-- A rollout's waves in order. state: waiting, running, succeeded, failed, cancelled.
CREATE TABLE rollout_waves (
    rollout_id  BIGINT  NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    wave_index  INTEGER NOT NULL,
    label       TEXT    NOT NULL,           -- "qa", "1 %"
    state       TEXT    NOT NULL,
    started_at  BIGINT,
    ended_at    BIGINT,
    PRIMARY KEY (rollout_id, wave_index)
);

-- Every camera of a rollout, written before the camera is told anything (a new driver after a takeover
-- reads here what was offered). state: pending, offered, downloading, installing, rebooted, healthy,
-- failed (reason), skipped. active is 1 while the rollout is draft, running or paused: a camera is in
-- at most one active rollout, which the partial unique index holds even against two concurrent creates.
CREATE TABLE rollout_cameras (
    rollout_id    BIGINT  NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    camera_serial TEXT    NOT NULL,
    wave_index    INTEGER NOT NULL,
    offer_order   BIGINT  NOT NULL,         -- order of offers within the rollout (waves, then serial hash)
    state         TEXT    NOT NULL,
    reason        TEXT,                     -- why it failed: refused, download-error, timeout…
    detail        TEXT,                     -- the camera's or the cloud's words for it
    from_version  TEXT,                     -- what it ran when the rollout was created
    offered_at    BIGINT,
    came_back_at  BIGINT,                   -- the session on the new version began
    updated_at    BIGINT  NOT NULL,
    active        INTEGER NOT NULL,
    PRIMARY KEY (rollout_id, camera_serial)
);
CREATE INDEX rollout_cameras_by_state ON rollout_cameras (rollout_id, state);
CREATE UNIQUE INDEX rollout_cameras_one_active ON rollout_cameras (camera_serial) WHERE active = 1;

-- The driver lease: one row; the node whose lease has not run out drives every rollout, and renews it.
CREATE TABLE rollout_driver (
    id             INTEGER PRIMARY KEY,     -- always 1
    node_id        TEXT    NOT NULL,
    lease_until_ms BIGINT  NOT NULL,
    acquired_ms    BIGINT  NOT NULL
);
