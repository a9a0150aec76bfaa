-- Who owned each camera when: a camera's video belongs to the owner under whom it was recorded, for
-- the time of their ownership. One row per ownership, opened at claim and closed at release; times
-- are microseconds since the Unix epoch on the cloud's timeline, as segments' start_us and end_us.

CREATE TABLE camera_ownerships (
    id             ${id},
    camera_serial  TEXT    NOT NULL,
    owner_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    from_us        BIGINT  NOT NULL,   -- claimed
    to_us          BIGINT,             -- released; null while owned
    recordings     TEXT    NOT NULL DEFAULT 'kept',  -- after release: 'kept' (the former owner's until
                                       -- retention ends) or 'deleted'
    retention_days INTEGER,            -- after release with recordings kept: the camera's retention then
                                       -- (null: the node's default)
    name           TEXT                -- after release: the owner's name for the camera, for their list
);
CREATE INDEX camera_ownerships_by_camera ON camera_ownerships (camera_serial, from_us);
CREATE INDEX camera_ownerships_by_owner ON camera_ownerships (owner_id);

-- Cameras owned today keep their video from the moment they were claimed.
INSERT INTO camera_ownerships (camera_serial, owner_id, from_us)
    SELECT serial, owner_id, COALESCE(claimed_at, registered_at) * 1000 FROM devices WHERE owner_id IS NOT NULL;

-- View-only access an owner gave another account. It belongs to one ownership: it ends when the
-- owner revokes it or releases the camera.
CREATE TABLE camera_shares (
    ownership_id BIGINT  NOT NULL REFERENCES camera_ownerships (id) ON DELETE CASCADE,
    viewer_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT  NOT NULL,    -- epoch millis
    PRIMARY KEY (ownership_id, viewer_id)
);
CREATE INDEX camera_shares_by_viewer ON camera_shares (viewer_id);
