-- Version 4: names unique per type whatever their case, and room for sealed webhook URLs.
-- name_key is the name as it is compared (trimmed, lower case); the UNIQUE constraint makes the store the
-- arbiter, so concurrent creates of one name give one resource and conflicts, on one node or several.
-- Where older versions stored the same name twice, the oldest keeps the key and the others have none (a
-- nullable UNIQUE column admits any number of NULLs) until they are renamed.
ALTER TABLE connections ADD COLUMN name_key VARCHAR(200);
UPDATE connections SET name_key = LOWER(TRIM(name)) WHERE NOT EXISTS (SELECT 1 FROM connections o
  WHERE LOWER(TRIM(o.name)) = LOWER(TRIM(connections.name))
  AND (o.created_at < connections.created_at OR (o.created_at = connections.created_at AND o.id < connections.id)));
ALTER TABLE connections ADD CONSTRAINT connections_name_key UNIQUE (name_key);
ALTER TABLE connection_sets ADD COLUMN name_key VARCHAR(200);
UPDATE connection_sets SET name_key = LOWER(TRIM(name)) WHERE NOT EXISTS (SELECT 1 FROM connection_sets o
  WHERE LOWER(TRIM(o.name)) = LOWER(TRIM(connection_sets.name))
  AND (o.created_at < connection_sets.created_at OR (o.created_at = connection_sets.created_at AND o.id < connection_sets.id)));
ALTER TABLE connection_sets ADD CONSTRAINT connection_sets_name_key UNIQUE (name_key);
ALTER TABLE projects ADD COLUMN name_key VARCHAR(400);
UPDATE projects SET name_key = LOWER(TRIM(name)) WHERE NOT EXISTS (SELECT 1 FROM projects o
  WHERE LOWER(TRIM(o.name)) = LOWER(TRIM(projects.name))
  AND (o.created_at < projects.created_at OR (o.created_at = projects.created_at AND o.id < projects.id)));
ALTER TABLE projects ADD CONSTRAINT projects_name_key UNIQUE (name_key);
-- Webhook URLs usually carry a token: they are sealed like connection secrets (NotificationManager seals the
-- rows older versions wrote in plain text when it starts).
ALTER TABLE notifications ALTER COLUMN url SET DATA TYPE VARCHAR(4000);
