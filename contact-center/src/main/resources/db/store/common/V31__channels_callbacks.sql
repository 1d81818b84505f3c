-- Web callback requests: what was asked, when it is due, how many calls were placed, where it stands.
-- Kept so a scheduled or retrying callback survives a restart. Portable SQL (H2 2.x, PostgreSQL 12+).

CREATE TABLE callback_request (
    id              VARCHAR(40)  NOT NULL PRIMARY KEY,
    name            VARCHAR(100) NOT NULL,
    phone           VARCHAR(40)  NOT NULL,           -- E.164
    queue_id        VARCHAR(100) NOT NULL,
    customer_id     VARCHAR(40),
    note            VARCHAR(500),
    due_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts        INTEGER      NOT NULL,
    state           VARCHAR(20)  NOT NULL,           -- SCHEDULED, QUEUED, DONE, FAILED
    interaction_id  VARCHAR(200),                    -- the current (or last) CALLBACK interaction
    outcome         VARCHAR(200),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX callback_request_state_idx ON callback_request (state, due_at);
