-- Outbound campaigns as data: the campaign's settings and state, its calling list (one row per record, bad rows
-- too, FAILED with their reason), and the do-not-call lists. Portable SQL (H2 2.x, PostgreSQL 12+).

CREATE TABLE campaign (
    id                       VARCHAR(40)   NOT NULL PRIMARY KEY,
    name                     VARCHAR(200)  NOT NULL,
    queue_id                 VARCHAR(100)  NOT NULL,
    mode                     VARCHAR(20)   NOT NULL,           -- PREVIEW, PROGRESSIVE, PREDICTIVE
    state                    VARCHAR(20)   NOT NULL,           -- DRAFT, RUNNING, PAUSED, STOPPED, FINISHED
    caller_id                VARCHAR(40),
    ring_timeout_s           INTEGER       NOT NULL,
    abandon_limit_pct        DOUBLE PRECISION NOT NULL,
    max_attempts             INTEGER       NOT NULL,
    retry_minutes            VARCHAR(4000) NOT NULL,           -- outcome=minutes;… (RetrySchedule.retryMinutes)
    final_outcomes           VARCHAR(4000) NOT NULL,           -- outcome;…
    window_from              VARCHAR(5)    NOT NULL,           -- HH:mm, callee's local time
    window_to                VARCHAR(5)    NOT NULL,
    window_days              VARCHAR(100)  NOT NULL,           -- MONDAY,TUESDAY,…
    amd_mode                 VARCHAR(20)   NOT NULL,           -- OFF, HANG_UP, LEAVE_MESSAGE
    amd_prompt_id            VARCHAR(100),
    identification_prompt_id VARCHAR(100),
    require_consent          BOOLEAN       NOT NULL,
    version                  BIGINT        NOT NULL,
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at               TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE campaign_record (
    id               VARCHAR(40)   NOT NULL PRIMARY KEY,
    campaign_id      VARCHAR(40)   NOT NULL REFERENCES campaign (id),
    phone_as_given   VARCHAR(100)  NOT NULL,
    phone            VARCHAR(40),                             -- E.164, null if the number was invalid
    zones            VARCHAR(4000) NOT NULL,                  -- callee's IANA zones, comma-separated; '' unknown
    customer_id      VARCHAR(40),
    name             VARCHAR(200),
    fields           VARCHAR(100000),                         -- extra fields, JSON object
    state            VARCHAR(20)   NOT NULL,                  -- PENDING, DIALING, DONE, FAILED
    attempts         INTEGER       NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    last_outcome     VARCHAR(40),
    reason           VARCHAR(100),                            -- why FAILED: invalid-number, dnc:<list>, …
    detail           VARCHAR(1000),
    consent_source   VARCHAR(200),
    consent_at       TIMESTAMP WITH TIME ZONE,
    line             BIGINT        NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
-- The chooser: due PENDING records of a campaign, oldest due first, grouped by zones.
CREATE INDEX campaign_record_due_idx ON campaign_record (campaign_id, state, next_attempt_at);
CREATE INDEX campaign_record_phone_idx ON campaign_record (campaign_id, phone);
CREATE INDEX campaign_record_list_idx ON campaign_record (campaign_id, created_at, id);

CREATE TABLE dnc_entry (
    phone      VARCHAR(40)  NOT NULL,                         -- E.164
    list_name  VARCHAR(60)  NOT NULL,                         -- internal, an imported list's name, campaign:<id>
    source     VARCHAR(200) NOT NULL,
    added_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (phone, list_name)
);
CREATE INDEX dnc_entry_list_idx ON dnc_entry (list_name, phone);
