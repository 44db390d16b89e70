-- The vector change log: the HNSW indexes' write-ahead log, kept in the store so that it commits
-- in the same transaction as the vectors it describes. Every write that upserts a vector, or
-- deletes a record that had one, appends (kind, id, generation) with the kind's vector generation
-- after that write. An index snapshot stamped with generation G is brought up to date by
-- re-applying the current stored vector (or the absence of one) of every id logged after G.
-- Rows hold no vector: the `vectors` table already has the newest state of every id.
CREATE TABLE vector_log (
  seq        INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('freelancers', 'jobs', 'skills')),
  id         TEXT NOT NULL,
  generation INTEGER NOT NULL
);
CREATE INDEX vector_log_kind_generation ON vector_log (kind, generation);

-- Rows with generation <= this were (or may have been) trimmed: a replay from an older generation
-- would miss changes. Stores created before this migration have no history, so the log starts
-- complete only from their current generation.
INSERT INTO meta (key, value)
  SELECT 'vector_log_trimmed:' || substr(key, length('vector_generation:') + 1), value
  FROM meta WHERE key LIKE 'vector_generation:%';
