-- Version 5: a record's source id only where a leg reads it back. record_hashes kept the source id of every
-- record, with an index, for the legs that propagate deletions (a deletion by id only, the key-set sweep); every
-- other leg paid for that index entry and those bytes on each insert, a third of a first run's cost in this
-- store. Now the ids live in a table of their own, which only legs that propagate deletions fill.
CREATE TABLE record_source_ids (
  leg_id INTEGER NOT NULL,
  source_id VARCHAR(200) NOT NULL,
  business_key VARCHAR(1000) NOT NULL,  -- the key the record was last written under
  PRIMARY KEY (leg_id, source_id)
);
INSERT INTO record_source_ids(leg_id, source_id, business_key)
  SELECT leg_id, source_id, MAX(business_key) FROM record_hashes WHERE source_id IS NOT NULL GROUP BY leg_id, source_id;
DROP INDEX record_hashes_by_source_id;
ALTER TABLE record_hashes DROP COLUMN source_id;
