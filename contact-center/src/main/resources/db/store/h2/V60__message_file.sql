-- Files that came with messages (chat uploads, email attachments): in the shared store, so that every node of a
-- cluster serves them and a node's death loses none (they used to be kept under each node's data directory).
CREATE TABLE message_file (
    path           VARCHAR(512) PRIMARY KEY,
    interaction_id VARCHAR(200) NOT NULL,
    content        BLOB NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX message_file_created ON message_file (created_at);
