-- A follow-up task from a wrap-up may belong to no customer (an unidentified caller): customer_id
-- becomes optional and the task remembers the interaction it came from, so whoever picks it up can
-- see who called (number, chat, email) in the interaction's record. Portable SQL (H2 2.x, PostgreSQL 12+).

ALTER TABLE follow_up_task ALTER COLUMN customer_id DROP NOT NULL;
ALTER TABLE follow_up_task ADD COLUMN interaction_id VARCHAR(200);
CREATE INDEX follow_up_task_unassigned_idx ON follow_up_task (status, customer_id);
