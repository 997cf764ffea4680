-- Failure triage (issue 17). Each failed record keeps the record as its source gave it and the values Ferry tried
-- to write, as JSON objects of text cut to 4,000 characters each (RecordSnapshot: fields whose names say they hold
-- a secret are masked), and the pattern of its message (quoted values and numbers left out, 300 characters at
-- most), so thousands of failures of one cause are counted as one group by the store itself.
ALTER TABLE run_errors ADD COLUMN source_record VARCHAR(4000);
ALTER TABLE run_errors ADD COLUMN written_record VARCHAR(4000);
ALTER TABLE run_errors ADD COLUMN pattern VARCHAR(300);
-- Errors stored before this version are grouped by their whole message.
UPDATE run_errors SET pattern = CASE WHEN LENGTH(message) > 300 THEN SUBSTR(message, 1, 300) ELSE message END;
CREATE INDEX run_errors_by_pattern ON run_errors(run_id, pattern);
-- Who started a run, so the console says "manual, by alice" rather than only how.
ALTER TABLE runs ADD COLUMN started_by VARCHAR(200);
