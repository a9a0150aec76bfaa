-- The node directory: which cloud nodes are alive (each renews its lease every lease/3) and which
-- node holds each connected camera's newest session. A camera whose node's lease ran out is on no
-- node; nodes remove expired nodes' rows. Times are epoch milliseconds of the writing node's clock.

CREATE TABLE cluster_nodes (
    node_id           TEXT PRIMARY KEY,
    host              TEXT NOT NULL,     -- what the node advertises (node.advertise)
    camera_https_port INTEGER NOT NULL,  -- node-to-node calls (mutual TLS)
    http_port         INTEGER NOT NULL,
    started_ms        BIGINT NOT NULL,
    lease_until_ms    BIGINT NOT NULL
);
CREATE INDEX cluster_nodes_by_lease ON cluster_nodes (lease_until_ms);

CREATE TABLE cluster_cameras (
    serial       TEXT PRIMARY KEY,
    node_id      TEXT NOT NULL,          -- no foreign key: rows of a node removed as dead are swept
    session_id   TEXT NOT NULL,
    connected_ms BIGINT NOT NULL         -- when this session began
);
CREATE INDEX cluster_cameras_by_node ON cluster_cameras (node_id);
