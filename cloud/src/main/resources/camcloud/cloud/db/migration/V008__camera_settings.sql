-- A camera's settings (keys of the cloud's camera settings table: image.*, video.*, motion.*, sound.*,
-- daynight.*, recording.*; values as strings, as on the wire).
--
-- camera_settings: what the owner set and the camera applied (acknowledged OK). Sent in every
-- Welcome, so a camera that was reset, or lost a change, comes back to its owner's settings. Deleted
-- with the release: the next owner starts from the camera's defaults.
CREATE TABLE camera_settings (
    camera_serial TEXT    NOT NULL,
    key           TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    set_at        BIGINT  NOT NULL,   -- epoch millis
    PRIMARY KEY (camera_serial, key)
);

-- camera_reported_state: what the camera last said it is doing (CameraStatus.settings, the state in
-- command acks): every setting's current value, plus ptz.*, daynight.state and caps.*. Written off
-- the gateway's event loops, at most once a second per camera. Deleted with the release.
CREATE TABLE camera_reported_state (
    camera_serial TEXT    NOT NULL,
    key           TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    reported_at   BIGINT  NOT NULL,   -- epoch millis
    PRIMARY KEY (camera_serial, key)
);
