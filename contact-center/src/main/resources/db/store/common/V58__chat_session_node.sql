-- Cluster (issue 15): which node carries each open chat (its visitor's WebSocket is there). NULL on a
-- single node. A node that takes a chat over (the visitor came back through it, or its node died) moves
-- the row from the old node to itself with a conditional update, so two nodes never both carry one chat.
-- Portable SQL (H2 2.x, PostgreSQL 12+).

ALTER TABLE chat_session ADD COLUMN node_id VARCHAR(100);
