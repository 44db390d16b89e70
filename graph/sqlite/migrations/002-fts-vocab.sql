-- Term statistics of the keyword indexes (fts5vocab 'row': term, doc = documents holding it).
-- The keyword index reads them to leave the most common query terms out of a match when the
-- rarer ones already bound the candidates (see src/keyword/sqlite-keyword-index.ts).
CREATE VIRTUAL TABLE freelancers_fts_vocab USING fts5vocab(freelancers_fts, 'row');
CREATE VIRTUAL TABLE jobs_fts_vocab USING fts5vocab(jobs_fts, 'row');
CREATE VIRTUAL TABLE skills_fts_vocab USING fts5vocab(skills_fts, 'row');
