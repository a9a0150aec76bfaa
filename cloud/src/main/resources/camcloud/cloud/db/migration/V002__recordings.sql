-- Recorded video: one row per fMP4 segment file, explicit gaps, per-camera recording settings.
-- Times are microseconds since the Unix epoch on the cloud's timeline (not the camera's clock).

CREATE TABLE segments (
    id              ${id},
    camera_serial   TEXT    NOT NULL,
    start_us        BIGINT  NOT NULL,   -- cloud time of the first frame
    end_us          BIGINT  NOT NULL,   -- start_us + duration
    storage_key     TEXT    NOT NULL UNIQUE,
    size_bytes      BIGINT  NOT NULL,
    init_size       BIGINT  NOT NULL,   -- bytes of the init segment at the start of the file
    frames          INTEGER NOT NULL,
    timescale       INTEGER NOT NULL,
    base_decode_time BIGINT  NOT NULL,  -- tfdt of the first fragment, in timescale ticks
    duration_ticks  BIGINT  NOT NULL,
    codec           TEXT    NOT NULL,   -- RFC 6381, e.g. avc1.42c01f
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    discontinuity   INTEGER NOT NULL,   -- 1 when a gap or a format change precedes this segment
    boot_id         BIGINT  NOT NULL,   -- camera boot the frames came from
    first_sequence  BIGINT  NOT NULL,
    last_sequence   BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL    -- epoch millis
);
CREATE INDEX segments_by_camera_time ON segments (camera_serial, start_us);

CREATE TABLE recording_gaps (
    id            ${id},
    camera_serial TEXT    NOT NULL,
    start_us      BIGINT  NOT NULL,
    end_us        BIGINT  NOT NULL,
    reason        TEXT    NOT NULL,     -- e.g. "camera offline", "camera buffer overflow", "clock jump"
    created_at    BIGINT  NOT NULL
);
CREATE INDEX recording_gaps_by_camera_time ON recording_gaps (camera_serial, start_us);

CREATE TABLE recording_settings (
    camera_serial   TEXT    PRIMARY KEY,
    enabled         INTEGER NOT NULL DEFAULT 1,
    retention_days  INTEGER,            -- null: the node's default
    retention_bytes BIGINT              -- null: the node's default
);
