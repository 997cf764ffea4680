-- Version 3: a leg's record hashes keyed by a short surrogate leg id instead of project_id + leg_key.
-- Every row and every index entry of record_hashes repeated both (up to 636 characters); Derby logs each
-- insert's row and index entries, and that log volume was most of a first run's cost in Ferry's own store.
CREATE TABLE legs (
  id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id VARCHAR(36) NOT NULL,
  leg_key VARCHAR(600) NOT NULL,   -- as in checkpoints: a changed leg starts over, with a new id
  CONSTRAINT legs_by_key UNIQUE (project_id, leg_key)
);
INSERT INTO legs(project_id, leg_key) SELECT DISTINCT project_id, leg_key FROM record_hashes;
RENAME TABLE record_hashes TO record_hashes_v2;
DROP INDEX record_hashes_by_source_id;
-- Per leg and business key: the hash of what was last written, so unchanged records are not rewritten.
-- No foreign key to legs: it would add a probe and an index entry to every insert; a project's deletion
-- removes both (ProjectStore).
CREATE TABLE record_hashes (
  leg_id INTEGER NOT NULL,
  business_key VARCHAR(1000) NOT NULL,
  hash CHAR(44) NOT NULL,
  source_org VARCHAR(100),         -- where the record came from, to detect business-key collisions across units
  source_id VARCHAR(200),          -- the record's id at the source, to turn id-only deletions back into keys
  seen_run VARCHAR(36),            -- the last run whose full read saw it; keys a complete read did not see were deleted
  PRIMARY KEY (leg_id, business_key)
);
INSERT INTO record_hashes(leg_id, business_key, hash, source_org, source_id, seen_run)
  SELECT l.id, r.business_key, r.hash, r.source_org, r.source_id, r.seen_run
  FROM record_hashes_v2 r JOIN legs l ON l.project_id = r.project_id AND l.leg_key = r.leg_key;
DROP TABLE record_hashes_v2;
CREATE INDEX record_hashes_by_source_id ON record_hashes(leg_id, source_id);
