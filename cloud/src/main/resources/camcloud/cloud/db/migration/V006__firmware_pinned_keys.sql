-- What the cloud must know to refuse, before a camera downloads anything, a firmware target the
-- camera would refuse: the publishing keys each camera pinned in its tech partition at provisioning,
-- and each bundle's minimum version.

-- One row per camera provisioned since this migration. No row: the camera was provisioned before
-- the cloud recorded its keys, so the set is unknown (targets are allowed with a warning).
CREATE TABLE firmware_pinned_keys (
    camera_serial   TEXT    PRIMARY KEY,
    key_ids         TEXT    NOT NULL,   -- space-separated publishing key ids; '' = none was pinned
    pinned_at       BIGINT  NOT NULL    -- ms since the epoch
);

-- The oldest version a bundle installs over (its manifest's minVersionNumber). 0 for bundles
-- published before this migration: not known here, the camera still checks it.
ALTER TABLE firmware_bundles ADD COLUMN min_version_number BIGINT NOT NULL DEFAULT 0;
