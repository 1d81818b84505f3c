-- Cluster (issue 15): who owns the ACD engine. One row; a node that takes the engine over raises the epoch,
-- and the owner's every interaction-log commit first updates this row with its epoch, in the same
-- transaction: once another node has raised the epoch, the old owner can no longer commit anything (fenced).
-- Portable SQL (H2 2.x, PostgreSQL 12+).

CREATE TABLE cluster_engine_lease (
    id          INTEGER PRIMARY KEY,
    epoch       BIGINT NOT NULL,
    node_id     VARCHAR(100),
    renewed_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT cluster_engine_lease_one CHECK (id = 1)
);

INSERT INTO cluster_engine_lease (id, epoch, node_id, renewed_at) VALUES (1, 0, NULL, NULL);
