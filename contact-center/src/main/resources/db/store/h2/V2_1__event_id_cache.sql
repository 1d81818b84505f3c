-- H2 only: H2 commits the identity's high-water mark every time its cache runs out (default 32),
-- and with WRITE_DELAY=0 each such commit writes the store: 16 extra writes per 500-event batch.
-- H2's sequence cache is shared by all sessions, so ids stay monotonic; a crash leaves a gap, never a
-- step back. (Not on PostgreSQL: there each session caches its own range and ids would interleave.)
ALTER TABLE interaction_event ALTER COLUMN id SET CACHE 1000;
