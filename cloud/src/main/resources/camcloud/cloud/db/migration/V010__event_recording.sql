-- Events-only recording: which segments hold event clips (pre-roll, event, post-roll) rather than
-- continuous video, and how long a camera keeps its clips (null: the node's retention.event.days).

ALTER TABLE segments ADD COLUMN event_clip INTEGER NOT NULL DEFAULT 0;   -- 1: part of an event clip
CREATE INDEX segments_by_camera_kind_time ON segments (camera_serial, event_clip, start_us);

ALTER TABLE recording_settings ADD COLUMN event_retention_days INTEGER;   -- null: the node's default
