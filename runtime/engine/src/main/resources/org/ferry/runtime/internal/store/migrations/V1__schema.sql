-- Ferry's store, version 1. One statement per ';'-terminated block.
CREATE TABLE connections (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  type VARCHAR(100) NOT NULL,
  config CLOB NOT NULL,            -- JSON object of plain values; secret values are stored in connection_secrets
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE connection_secrets (
  connection_id VARCHAR(36) NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  field VARCHAR(100) NOT NULL,
  sealed VARCHAR(16000) NOT NULL,  -- AES-GCM: base64(nonce || ciphertext || tag), key outside the database
  PRIMARY KEY (connection_id, field)
);
CREATE TABLE entity_cache (
  connection_id VARCHAR(36) NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  entity VARCHAR(200) NOT NULL,    -- '*' holds the entity list
  body CLOB NOT NULL,
  fetched_at TIMESTAMP NOT NULL,
  PRIMARY KEY (connection_id, entity)
);
CREATE TABLE connection_sets (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  body CLOB NOT NULL,              -- JSON: organization mappings and integration keys
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
-- The connections of a set by role, as rows so that a connection in use cannot be deleted (the foreign key
-- also gives the index that finds the sets using a connection).
CREATE TABLE connection_set_members (
  set_id VARCHAR(36) NOT NULL REFERENCES connection_sets(id) ON DELETE CASCADE,
  role VARCHAR(100) NOT NULL,
  connection_id VARCHAR(36) NOT NULL REFERENCES connections(id),
  PRIMARY KEY (set_id, role)
);
CREATE TABLE projects (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  name VARCHAR(400) NOT NULL,
  template VARCHAR(200),
  connection_set VARCHAR(36) NOT NULL REFERENCES connection_sets(id),
  organization_mapping VARCHAR(200),
  error_tolerance INTEGER NOT NULL DEFAULT -1,
  consent_by VARCHAR(200) NOT NULL,
  consent_at TIMESTAMP NOT NULL,
  consent_version VARCHAR(40) NOT NULL,
  tasks CLOB NOT NULL,             -- JSON array of tasks with legs and mappings, in run order
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE saved_templates (
  id VARCHAR(200) NOT NULL PRIMARY KEY,
  body CLOB NOT NULL,              -- JSON of the ProjectTemplate
  saved_by VARCHAR(100) NOT NULL,
  saved_at TIMESTAMP NOT NULL
);
CREATE TABLE schedules (
  project_id VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  every_count INTEGER NOT NULL,
  unit VARCHAR(10) NOT NULL,
  start_at TIMESTAMP NOT NULL,
  end_at TIMESTAMP,
  enabled BOOLEAN NOT NULL,
  next_run TIMESTAMP,
  last_run VARCHAR(36)
);
CREATE TABLE notifications (
  project_id VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  url VARCHAR(2000) NOT NULL,
  statuses VARCHAR(100) NOT NULL,  -- comma-separated run statuses that notify (WARNING,ERROR by default)
  enabled BOOLEAN NOT NULL
);
CREATE TABLE runs (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  project_id VARCHAR(36) NOT NULL,
  status VARCHAR(20) NOT NULL,
  run_trigger VARCHAR(20) NOT NULL,
  mode VARCHAR(20) NOT NULL,
  queued_at TIMESTAMP NOT NULL,
  started_at TIMESTAMP,
  ended_at TIMESTAMP,
  message VARCHAR(4000),
  rerun_of VARCHAR(36),
  owner VARCHAR(100),              -- the server process that runs it; a restart marks its RUNNING runs INTERRUPTED
  progress CLOB                    -- JSON: per task and leg counts, updated at batch boundaries
);
CREATE INDEX runs_by_project ON runs(project_id, queued_at);
CREATE INDEX runs_by_status ON runs(status);
-- At most one live run per project: the lock row exists while a run is queued or running.
CREATE TABLE project_locks (
  project_id VARCHAR(36) NOT NULL PRIMARY KEY,
  run_id VARCHAR(36) NOT NULL
);
CREATE TABLE run_errors (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id VARCHAR(36) NOT NULL,
  task VARCHAR(200) NOT NULL,
  leg VARCHAR(400) NOT NULL,
  business_key VARCHAR(1000),
  field VARCHAR(200),
  message VARCHAR(4000) NOT NULL,
  kind VARCHAR(10) NOT NULL,
  occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX run_errors_by_run ON run_errors(run_id, id);
-- Per leg: the source's change token or watermark, advanced only after the target acknowledged.
CREATE TABLE checkpoints (
  project_id VARCHAR(36) NOT NULL,
  leg_key VARCHAR(600) NOT NULL,   -- task id / leg index / source / target / organization: a changed leg starts over
  token CLOB,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (project_id, leg_key)
);
-- Per leg and business key: the hash of what was last written, so unchanged records are not rewritten.
CREATE TABLE record_hashes (
  project_id VARCHAR(36) NOT NULL,
  leg_key VARCHAR(600) NOT NULL,
  business_key VARCHAR(1000) NOT NULL,
  hash CHAR(44) NOT NULL,
  source_org VARCHAR(100),         -- where the record came from, to detect business-key collisions across units
  source_id VARCHAR(200),          -- the record's id at the source, to turn id-only deletions back into keys
  seen_run VARCHAR(36),            -- the last run whose full read saw it; keys a complete read did not see were deleted
  PRIMARY KEY (project_id, leg_key, business_key)
);
CREATE INDEX record_hashes_by_source_id ON record_hashes(project_id, leg_key, source_id);
CREATE TABLE users (
  username VARCHAR(100) NOT NULL PRIMARY KEY,
  password_hash VARCHAR(400) NOT NULL,
  role VARCHAR(20) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE audit (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at TIMESTAMP NOT NULL,
  actor VARCHAR(100) NOT NULL,
  action VARCHAR(100) NOT NULL,
  subject VARCHAR(200),
  detail VARCHAR(4000)
);
CREATE INDEX audit_by_time ON audit(occurred_at);
