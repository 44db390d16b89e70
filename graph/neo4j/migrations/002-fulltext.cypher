// The keyword retriever's BM25 indexes (Lucene), over the normalised text the store writes into
// the kw* properties (see src/keyword/fts-text.ts): same fields as the embedded FTS5 tables.
CREATE FULLTEXT INDEX talentgraph_freelancers IF NOT EXISTS FOR (n:Freelancer) ON EACH [n.kwTitle, n.kwOverview, n.kwSkills];
CREATE FULLTEXT INDEX talentgraph_jobs IF NOT EXISTS FOR (n:Job) ON EACH [n.kwTitle, n.kwDescription, n.kwSkills];
CREATE FULLTEXT INDEX talentgraph_skills IF NOT EXISTS FOR (n:Skill) ON EACH [n.kwName, n.kwAliases, n.kwDescription];
