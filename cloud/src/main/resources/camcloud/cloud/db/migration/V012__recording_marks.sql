-- Objects a recorder is about to commit to the store, old objects it is about to replace, and objects
-- retention is about to delete: a mark
-- lives from before the store write until the index row is committed (and a replaced object deleted).
-- A node's start-up recovery resolves the marks a crash left, instead of listing the whole store.
-- Only writes in flight are marked, so the table stays a handful of rows: no index beyond the key.
CREATE TABLE recording_marks (
    storage_key   TEXT    NOT NULL PRIMARY KEY,
    camera_serial TEXT    NOT NULL,
    node_id       TEXT    NOT NULL,
    marked_at     BIGINT  NOT NULL    -- epoch millis, refreshed at every try
);
