-- Historical reports: sums per interval and group that follow the interaction log (org.openucc.reports).
-- They are a function of the log: report_progress says up to which event and under which settings; at
-- start-up they catch up from there (or are rebuilt from the first event when the settings changed).
-- Portable SQL (H2 2.x, PostgreSQL 12+).

CREATE TABLE report_progress (
    id             INTEGER      NOT NULL PRIMARY KEY,
    last_event_id  BIGINT       NOT NULL,
    fingerprint    VARCHAR(20000) NOT NULL
);

-- granularity: 'Q' = a 15-minute interval (UTC-aligned: every zone's hours and half hours fall on them),
-- 'H' = an hour and 'D' = a day of the center's zone (bucket_start is its start); weeks and months add days.
CREATE TABLE report_bucket (
    granularity    CHAR(1)      NOT NULL,
    dimension      VARCHAR(20)  NOT NULL,
    bucket_start   TIMESTAMP WITH TIME ZONE NOT NULL,
    group_key      VARCHAR(200) NOT NULL,
    offered          BIGINT NOT NULL DEFAULT 0,
    answered         BIGINT NOT NULL DEFAULT 0,
    abandoned        BIGINT NOT NULL DEFAULT 0,
    short_abandoned  BIGINT NOT NULL DEFAULT 0,
    answered_in_sl   BIGINT NOT NULL DEFAULT 0,
    sl_base          BIGINT NOT NULL DEFAULT 0,
    answer_wait_ms   BIGINT NOT NULL DEFAULT 0,
    abandon_wait_ms  BIGINT NOT NULL DEFAULT 0,
    handled          BIGINT NOT NULL DEFAULT 0,
    talk_ms          BIGINT NOT NULL DEFAULT 0,
    hold_ms          BIGINT NOT NULL DEFAULT 0,
    wrap_ms          BIGINT NOT NULL DEFAULT 0,
    holds            BIGINT NOT NULL DEFAULT 0,
    transfers        BIGINT NOT NULL DEFAULT 0,
    callbacks        BIGINT NOT NULL DEFAULT 0,
    callbacks_kept   BIGINT NOT NULL DEFAULT 0,
    fcr_eligible     BIGINT NOT NULL DEFAULT 0,
    fcr_repeated     BIGINT NOT NULL DEFAULT 0,
    ready_ms         BIGINT NOT NULL DEFAULT 0,
    not_ready_ms     BIGINT NOT NULL DEFAULT 0,
    reserved_ms      BIGINT NOT NULL DEFAULT 0,
    busy_ms          BIGINT NOT NULL DEFAULT 0,
    wrap_up_state_ms BIGINT NOT NULL DEFAULT 0,
    logged_in_ms     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (granularity, dimension, bucket_start, group_key)
);

-- First-contact resolution: each interaction with a customer and a queue; repeated = the customer came
-- back to the same queue within the window.
CREATE TABLE report_contact (
    interaction_id VARCHAR(200) NOT NULL PRIMARY KEY,
    customer_id    VARCHAR(40)  NOT NULL,
    queue_id       VARCHAR(100) NOT NULL,
    arrived_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    repeated       BOOLEAN      NOT NULL
);
CREATE INDEX report_contact_customer_idx ON report_contact (customer_id, queue_id, arrived_at);
