-- talentgraph embedded store, schema version 1.
-- Records are stored as their normalised JSON (the source of truth for reads) plus the
-- columns that queries filter or join on. Edges are tables of their own so that an
-- upsert can replace them and deletes can cascade through foreign keys.

CREATE TABLE skills (
  id   TEXT PRIMARY KEY,
  json TEXT NOT NULL,
  hash TEXT NOT NULL,
  name TEXT NOT NULL
);

-- Skill–skill relationships, directed as ingested; traversal walks both directions.
CREATE TABLE skill_edges (
  from_id TEXT NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
  to_id   TEXT NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
  type    TEXT NOT NULL CHECK (type IN ('RELATED_TO', 'BROADER_THAN')),
  weight  REAL NOT NULL CHECK (weight >= 0 AND weight <= 1),
  PRIMARY KEY (from_id, to_id, type),
  CHECK (from_id <> to_id)
) WITHOUT ROWID;
CREATE INDEX skill_edges_to ON skill_edges (to_id);

-- The implicit rowid doubles as the FTS5 rowid (ON CONFLICT DO UPDATE keeps it stable).
CREATE TABLE freelancers (
  id          TEXT PRIMARY KEY,
  json        TEXT NOT NULL,
  hash        TEXT NOT NULL,
  archetype   INTEGER NOT NULL DEFAULT 0,
  hourly_rate REAL,
  country     TEXT,
  available   INTEGER,
  rating      REAL,
  job_success REAL
);
CREATE INDEX freelancers_filter ON freelancers (archetype, country, hourly_rate);
CREATE INDEX freelancers_rate ON freelancers (hourly_rate);
CREATE INDEX freelancers_rating ON freelancers (rating);

-- HAS_SKILL: weight = level / 5.
CREATE TABLE freelancer_skills (
  freelancer_id TEXT NOT NULL REFERENCES freelancers (id) ON DELETE CASCADE,
  skill_id      TEXT NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
  weight        REAL NOT NULL,
  level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  source        TEXT NOT NULL,
  PRIMARY KEY (freelancer_id, skill_id)
) WITHOUT ROWID;
CREATE INDEX freelancer_skills_skill ON freelancer_skills (skill_id);

CREATE TABLE jobs (
  id               TEXT PRIMARY KEY,
  json             TEXT NOT NULL,
  hash             TEXT NOT NULL,
  budget_type      TEXT,
  budget_min       REAL,
  budget_max       REAL,
  experience_level TEXT,
  status           TEXT NOT NULL,
  posted_at        TEXT,
  country          TEXT,
  client_id        TEXT
);
CREATE INDEX jobs_client ON jobs (client_id);
CREATE INDEX jobs_status_posted ON jobs (status, posted_at);

-- REQUIRES: weight 1.0 for required, 0.5 for preferred.
CREATE TABLE job_skills (
  job_id     TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  skill_id   TEXT NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
  weight     REAL NOT NULL,
  importance TEXT NOT NULL CHECK (importance IN ('required', 'preferred')),
  source     TEXT NOT NULL,
  PRIMARY KEY (job_id, skill_id)
) WITHOUT ROWID;
CREATE INDEX job_skills_skill ON job_skills (skill_id);

CREATE TABLE clients (
  id   TEXT PRIMARY KEY,
  json TEXT NOT NULL,
  hash TEXT NOT NULL
);

-- An append-only log, deliberately without foreign keys: the history of a deleted job or
-- freelancer stays (it is training data for the reranker and evidence for evaluation).
CREATE TABLE interactions (
  type          TEXT NOT NULL CHECK (type IN ('view', 'click', 'apply', 'interview', 'hire')),
  job_id        TEXT NOT NULL,
  freelancer_id TEXT NOT NULL,
  at            TEXT NOT NULL,
  rating        REAL,
  UNIQUE (type, job_id, freelancer_id, at)
);
CREATE INDEX interactions_job ON interactions (job_id, at);
CREATE INDEX interactions_freelancer ON interactions (freelancer_id, at);

-- Embeddings as raw little-endian Float32 arrays; the store does not know the model.
-- A rowid table on purpose: ~1 KiB rows make poor WITHOUT ROWID B-tree entries (measured ~10% slower ingest).
CREATE TABLE vectors (
  kind TEXT NOT NULL CHECK (kind IN ('freelancers', 'jobs', 'skills')),
  id   TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (kind, id)
);

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES
  ('vector_generation:freelancers', '0'),
  ('vector_generation:jobs', '0'),
  ('vector_generation:skills', '0');

-- Keyword indexes. Contentless (the text lives in the records' JSON) with delete support;
-- rowid = the record table's rowid. Text is normalised before indexing and querying
-- (src/keyword/fts-text.ts: c++ → cplusplus, c# → csharp, .net → dotnet).
CREATE VIRTUAL TABLE freelancers_fts USING fts5 (
  title, overview, skills,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE jobs_fts USING fts5 (
  title, description, skills,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE skills_fts USING fts5 (
  name, aliases, description,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
