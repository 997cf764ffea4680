-- GET /api/runs lists runs of every project newest first, filtered by time: without this index each page
-- would sort the whole history (45 days of a schedule every minute is 65,000 runs per project).
CREATE INDEX runs_by_queued_at ON runs(queued_at);
-- A record without a business key is named by the id its source gave it, in a column of its own.
ALTER TABLE run_errors ADD COLUMN source_id VARCHAR(1000);
-- Why a run stopped is one of its errors too (kind 'run'), for the run as a whole or one task or leg.
ALTER TABLE run_errors ALTER COLUMN task NULL;
ALTER TABLE run_errors ALTER COLUMN leg NULL;
