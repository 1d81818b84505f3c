-- Chat monitoring: a supervisor's whisper is a line only the agent sees (internal: never sent to the
-- visitor nor mailed with the transcript); a supervisor who joined writes lines the visitor sees
-- (from_supervisor). Portable SQL (H2 2.x, PostgreSQL 12+).

ALTER TABLE channel_message ADD COLUMN internal BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE channel_message ADD COLUMN from_supervisor BOOLEAN DEFAULT FALSE NOT NULL;
