-- Events cameras report (motion, sound, day/night, and types this cloud does not know yet): one row
-- per event, opened by the camera's START and closed by its END. Times are microseconds since the
-- Unix epoch on the cloud's timeline of the camera (the clock segments' start_us is on), so an event
-- plays the archive at its moment. A camera resends what was not acknowledged: (camera_serial,
-- camera_event_id) is unique, so a resent START or END changes nothing.

CREATE TABLE events (
    id               ${id},
    public_id        TEXT    NOT NULL UNIQUE,  -- the id in URLs: random, so ids cannot be enumerated
    camera_serial    TEXT    NOT NULL,
    camera_event_id  TEXT    NOT NULL,         -- the camera's id of the event (its boot and a counter)
    type             TEXT    NOT NULL,         -- motion, sound, day_night, or another [a-z0-9_.-] word
    zone             TEXT,                     -- motion: the detection zone; null: the whole picture
    start_us         BIGINT  NOT NULL,
    end_us           BIGINT,                   -- null while the event goes on
    score            DOUBLE PRECISION NOT NULL,
    details          TEXT    NOT NULL,         -- JSON object of strings, e.g. {"state":"night"}
    snapshot_key     TEXT,                     -- the JPEG of the start in the snapshot store; null: none
    created_at       BIGINT  NOT NULL,         -- epoch millis
    UNIQUE (camera_serial, camera_event_id)
);
CREATE INDEX events_by_camera_time ON events (camera_serial, start_us);
CREATE INDEX events_by_time ON events (start_us);
