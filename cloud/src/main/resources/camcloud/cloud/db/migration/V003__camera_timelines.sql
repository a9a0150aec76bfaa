-- Where each camera's timeline is anchored: cloud time = anchor_cloud_us + (camera monotonic - anchor_mono_us)
-- for the camera's current boot. Kept so that a node restart does not move video a camera buffered
-- across it (the camera resends what was not acknowledged; it lands where it was captured).

CREATE TABLE camera_timelines (
    camera_serial   TEXT    PRIMARY KEY,
    boot_id         BIGINT  NOT NULL,
    anchor_cloud_us BIGINT  NOT NULL,
    anchor_mono_us  BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL    -- epoch millis
);
