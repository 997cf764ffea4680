-- Version 6: several nodes on one store (a cluster on PostgreSQL; embedded Derby has one node).
-- Values every process of the store must agree on; the secret key's check is one (StoreKey).
CREATE TABLE store_meta (
  name VARCHAR(100) NOT NULL PRIMARY KEY,
  value VARCHAR(4000) NOT NULL
);
-- The members, with a heartbeat: a node not seen for the node timeout is LOST. Times are the store's clock.
CREATE TABLE cluster_nodes (
  id VARCHAR(100) NOT NULL PRIMARY KEY,   -- --node NAME, by default host:port
  url VARCHAR(400),
  incarnation VARCHAR(36) NOT NULL,       -- the process: a restart of the node is a new one
  started_at TIMESTAMP NOT NULL,
  last_seen_at TIMESTAMP NOT NULL,
  run_slots INTEGER NOT NULL
);
-- A run belongs to the node holding its lease: owner, a fencing token raised by every claim, and when the lease
-- runs out. Every write of a run checks the token in its own transaction, so a node that lost the lease (paused
-- past it, cut off from the store) writes nothing more.
ALTER TABLE runs ADD COLUMN lease_token BIGINT NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN lease_until TIMESTAMP;
-- A stop asked on any node (cancel): the owner finds it when it renews the lease.
ALTER TABLE runs ADD COLUMN stop_request VARCHAR(20);
ALTER TABLE runs ADD COLUMN stop_reason VARCHAR(400);
-- Which nodes ran a run, in order: one row per claim.
CREATE TABLE run_claims (
  run_id VARCHAR(36) NOT NULL,
  lease_token BIGINT NOT NULL,
  node VARCHAR(100) NOT NULL,
  claimed_at TIMESTAMP NOT NULL,
  PRIMARY KEY (run_id, lease_token)
);
-- A schedule's slot fires once across the cluster: its row is the claim, in the transaction that queues the run.
CREATE TABLE schedule_slots (
  project_id VARCHAR(36) NOT NULL,
  slot_at TIMESTAMP NOT NULL,
  run_id VARCHAR(36) NOT NULL,
  node VARCHAR(100) NOT NULL,
  fired_at TIMESTAMP NOT NULL,
  PRIMARY KEY (project_id, slot_at)
);
-- Sessions valid on every node; only a token's SHA-256 is kept.
CREATE TABLE sessions (
  digest CHAR(64) NOT NULL PRIMARY KEY,
  username VARCHAR(100) NOT NULL,
  expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(username);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
-- Plugins uploaded through the API, which every node installs; and, per node, what became of each.
CREATE TABLE plugins (
  symbolic_name VARCHAR(200) NOT NULL PRIMARY KEY,
  file_name VARCHAR(200) NOT NULL,
  version VARCHAR(100),
  sha256 CHAR(64) NOT NULL,
  content BLOB(100M) NOT NULL,
  uploaded_by VARCHAR(100),
  uploaded_at TIMESTAMP NOT NULL
);
CREATE TABLE plugin_nodes (
  symbolic_name VARCHAR(200) NOT NULL,
  node VARCHAR(100) NOT NULL,
  sha256 CHAR(64),
  state VARCHAR(20) NOT NULL,
  error VARCHAR(4000),
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (symbolic_name, node)
);
