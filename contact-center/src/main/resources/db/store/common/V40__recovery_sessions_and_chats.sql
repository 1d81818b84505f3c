-- Recovery after a restart (issue 16): what must survive the process besides the interaction log.
-- Portable SQL (H2 2.x, PostgreSQL 12+).

-- Console and API sessions: only the SHA-256 of the token is kept, with the caller and the expiry.
CREATE TABLE auth_session (
    token_hash  VARCHAR(64)  NOT NULL PRIMARY KEY,
    username    VARCHAR(100) NOT NULL,
    role        VARCHAR(20)  NOT NULL,
    agent_id    VARCHAR(100),
    kind        VARCHAR(10)  NOT NULL,           -- COOKIE, TOKEN
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX auth_session_expiry_idx ON auth_session (expires_at);

-- Open web chats: what the widget's visitor gave and the SHA-256 of their resume token, so the
-- visitor resumes the same chat after a restart. ended_at is set when the chat ends.
CREATE TABLE chat_session (
    interaction_id  VARCHAR(200) NOT NULL PRIMARY KEY,
    token_hash      VARCHAR(64)  NOT NULL,
    name            VARCHAR(200),
    email           VARCHAR(320),
    phone           VARCHAR(40),
    topic           VARCHAR(100) NOT NULL,
    pages           VARCHAR(10000),                -- newline-separated
    current_page    VARCHAR(2000),
    verified        BOOLEAN      NOT NULL,
    queue_id        VARCHAR(100) NOT NULL,
    client_address  VARCHAR(100) NOT NULL,
    customer_id     VARCHAR(40),
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at        TIMESTAMP WITH TIME ZONE
);
CREATE INDEX chat_session_open_idx ON chat_session (ended_at);

-- Start-up reads the interactions that are not over.
CREATE INDEX interaction_summary_ended_idx ON interaction_summary (ended_at);
CREATE INDEX interaction_summary_wrap_up_idx ON interaction_summary (wrap_up_started_at);
