-- Key maps: for legs that sync without business keys, which target record each source record became.
-- A map belongs to a pair of connections and entities, not to a project: the Prospect-to-Cash projects
-- are one per entity, and a contact's lookup to its account must find the account another project wrote.
CREATE TABLE key_maps (
  id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_connection VARCHAR(36) NOT NULL,
  source_entity VARCHAR(200) NOT NULL,
  target_connection VARCHAR(36) NOT NULL,
  target_entity VARCHAR(200) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  CONSTRAINT key_maps_pair UNIQUE (source_connection, source_entity, target_connection, target_entity)
);
CREATE TABLE key_map_entries (
  map_id INTEGER NOT NULL REFERENCES key_maps(id),
  source_id VARCHAR(200) NOT NULL,
  target_org VARCHAR(100) NOT NULL,  -- '' where the target is unscoped: the same source record may be written to several units
  source_org VARCHAR(100),
  target_id VARCHAR(200) NOT NULL,
  hash CHAR(44) NOT NULL,            -- of the mapped record last written, to skip unchanged ones without a change token
  project_id VARCHAR(36) NOT NULL,   -- the project that last wrote it
  run_id VARCHAR(36) NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  seen_run VARCHAR(36),              -- the last run whose complete read saw it (delete propagation without deltas)
  PRIMARY KEY (map_id, source_id, target_org)
);
CREATE INDEX key_map_entries_by_target ON key_map_entries(map_id, target_id);
