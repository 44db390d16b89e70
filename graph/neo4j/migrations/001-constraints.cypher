// Uniqueness of every record id (also the lookup index of each label), and of the bookkeeping keys.
CREATE CONSTRAINT talentgraph_skill_id IF NOT EXISTS FOR (n:Skill) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT talentgraph_freelancer_id IF NOT EXISTS FOR (n:Freelancer) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT talentgraph_job_id IF NOT EXISTS FOR (n:Job) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT talentgraph_client_id IF NOT EXISTS FOR (n:Client) REQUIRE n.id IS UNIQUE;
// An interaction is stored once per (type, job, freelancer, time): `key` joins the four.
CREATE CONSTRAINT talentgraph_interaction_key IF NOT EXISTS FOR (n:Interaction) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT talentgraph_meta_key IF NOT EXISTS FOR (n:TalentgraphMeta) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT talentgraph_migration_version IF NOT EXISTS FOR (n:TalentgraphMigration) REQUIRE n.version IS UNIQUE;
// Lookups that are not by id.
CREATE INDEX talentgraph_interaction_job IF NOT EXISTS FOR (n:Interaction) ON (n.jobId);
CREATE INDEX talentgraph_interaction_freelancer IF NOT EXISTS FOR (n:Interaction) ON (n.freelancerId);
CREATE INDEX talentgraph_vector_log IF NOT EXISTS FOR (n:TalentgraphVectorLog) ON (n.kind, n.generation);
