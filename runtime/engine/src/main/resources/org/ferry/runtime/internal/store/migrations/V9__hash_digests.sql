-- Version 9: a record's hash kept as its first 64 bits, a number, instead of 44 characters of text. The text was
-- most of each row of record_hashes, and Derby logs and normalizes every character of every row it writes. Rows
-- stored before keep their text (hash) until their record next changes; the engine takes the same 64 bits from it.
ALTER TABLE record_hashes ADD COLUMN digest BIGINT;
ALTER TABLE record_hashes ALTER COLUMN hash NULL;
