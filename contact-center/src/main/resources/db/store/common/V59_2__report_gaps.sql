-- Historical reports in a cluster (org.openucc.reports.ReportAggregator): several nodes' log writers take ids
-- from one sequence and commit in any order, so an event with a lower id can commit after a higher one was
-- folded. report_gap keeps, with the progress, the ids below last_event_id not folded yet (seen_at: when the
-- aggregator first missed each); they are read again until they come or are given up (a rolled-back id never
-- comes). revision grows with every commit of the sums: a commit states the revision it started from, so two
-- aggregators (an old owner not yet fenced and the new one) can never both add the same event.
-- Portable SQL (H2 2.x, PostgreSQL 12+).

ALTER TABLE report_progress ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;

CREATE TABLE report_gap (
    event_id  BIGINT                   NOT NULL PRIMARY KEY,
    seen_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
