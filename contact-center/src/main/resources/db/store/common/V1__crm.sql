-- CRM store: customers (accounts), contacts, notes, follow-up tasks, service cases.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+. Unquoted identifiers only; no
-- vendor types. Every updatable row has a version for optimistic concurrency.

CREATE TABLE customer (
    id             VARCHAR(40)  NOT NULL PRIMARY KEY,
    name           VARCHAR(200) NOT NULL,
    name_key       VARCHAR(200) NOT NULL,          -- lower-cased name, for case-insensitive prefix search
    tier           VARCHAR(3)   NOT NULL,
    industry       VARCHAR(100),
    street         VARCHAR(200),
    postal_code    VARCHAR(20),
    city           VARCHAR(100),
    region         VARCHAR(100),
    country        VARCHAR(100),
    account_number VARCHAR(40),
    pin_hash       VARCHAR(200),
    version        BIGINT       NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT customer_account_number_uq UNIQUE (account_number)
);
CREATE INDEX customer_name_key_idx ON customer (name_key, id);

CREATE TABLE customer_tag (
    customer_id VARCHAR(40) NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    seq         INTEGER     NOT NULL,
    tag         VARCHAR(50) NOT NULL,
    PRIMARY KEY (customer_id, tag)
);
CREATE INDEX customer_tag_tag_idx ON customer_tag (tag);

CREATE TABLE customer_field (
    customer_id VARCHAR(40)   NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    seq         INTEGER       NOT NULL,
    field_name  VARCHAR(64)   NOT NULL,
    field_value VARCHAR(1000) NOT NULL,
    PRIMARY KEY (customer_id, field_name)
);

CREATE TABLE contact (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    customer_id   VARCHAR(40)  NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    name          VARCHAR(200) NOT NULL,
    title         VARCHAR(100),
    chat_identity VARCHAR(200),
    version       BIGINT       NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT contact_chat_identity_uq UNIQUE (chat_identity)
);
CREATE INDEX contact_customer_idx ON contact (customer_id, created_at);

-- customer_id is repeated here so lookups and prefix searches need no join to find the customer.
CREATE TABLE contact_phone (
    contact_id  VARCHAR(40) NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    seq         INTEGER     NOT NULL,
    customer_id VARCHAR(40) NOT NULL,
    e164        VARCHAR(20) NOT NULL,
    label       VARCHAR(40),
    PRIMARY KEY (contact_id, seq)
);
CREATE INDEX contact_phone_e164_idx ON contact_phone (e164);

CREATE TABLE contact_email (
    contact_id  VARCHAR(40)  NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    seq         INTEGER      NOT NULL,
    customer_id VARCHAR(40)  NOT NULL,
    email       VARCHAR(254) NOT NULL,
    PRIMARY KEY (contact_id, seq)
);
CREATE INDEX contact_email_email_idx ON contact_email (email);

CREATE TABLE note (
    id             VARCHAR(40)    NOT NULL PRIMARY KEY,
    customer_id    VARCHAR(40)    NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    author         VARCHAR(100)   NOT NULL,
    body           VARCHAR(20000) NOT NULL,
    interaction_id VARCHAR(200),
    version        BIGINT         NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX note_customer_idx ON note (customer_id, created_at);

CREATE TABLE follow_up_task (
    id             VARCHAR(40)  NOT NULL PRIMARY KEY,
    customer_id    VARCHAR(40)  NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    subject        VARCHAR(300) NOT NULL,
    due_at         TIMESTAMP WITH TIME ZONE,
    owner_agent_id VARCHAR(100),
    status         VARCHAR(12)  NOT NULL,
    version        BIGINT       NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX follow_up_task_customer_idx ON follow_up_task (customer_id, status);
CREATE INDEX follow_up_task_owner_idx ON follow_up_task (owner_agent_id, status);

CREATE TABLE service_case (
    id             VARCHAR(40)    NOT NULL PRIMARY KEY,
    customer_id    VARCHAR(40)    NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    subject        VARCHAR(300)   NOT NULL,
    description    VARCHAR(20000),
    status         VARCHAR(12)    NOT NULL,
    is_open        BOOLEAN        NOT NULL,
    priority       VARCHAR(8)     NOT NULL,
    priority_rank  INTEGER        NOT NULL,        -- URGENT 3 .. LOW 0, for "most urgent first"
    owner_agent_id VARCHAR(100),
    opened_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_at      TIMESTAMP WITH TIME ZONE,
    version        BIGINT         NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX service_case_customer_idx ON service_case (customer_id, is_open);

-- One-time facts about this store, e.g. that the demo data was generated (so it is not generated twice).
CREATE TABLE store_marker (
    name       VARCHAR(100) NOT NULL PRIMARY KEY,
    marker     VARCHAR(1000),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
