/**
 * Every SQL statement of the embedded graph store, in one place (the schema itself is in
 * graph/sqlite/migrations). Parameters are positional `?` or named `@name`.
 */
export const SQL = {
  // ---- skills ----------------------------------------------------------------------------
  skillRowid: "SELECT rowid, name, json FROM skills WHERE id = ?",
  upsertSkill: `
    INSERT INTO skills (id, json, hash, name) VALUES (@id, @json, @hash, @name)
    ON CONFLICT (id) DO UPDATE SET json = excluded.json, hash = excluded.hash, name = excluded.name
    RETURNING rowid`,
  upsertSkillFts: "INSERT OR REPLACE INTO skills_fts (rowid, name, aliases, description) VALUES (?, ?, ?, ?)",
  deleteSkillFts: "DELETE FROM skills_fts WHERE rowid = ?",
  deleteSkill: "DELETE FROM skills WHERE id = ?",
  skillNames: "SELECT id, name FROM skills",
  allSkillIds: "SELECT id FROM skills ORDER BY id",
  allSkillJson: "SELECT json FROM skills ORDER BY id",
  upsertRelation: `
    INSERT INTO skill_edges (from_id, to_id, type, weight) VALUES (?, ?, ?, ?)
    ON CONFLICT (from_id, to_id, type) DO UPDATE SET weight = excluded.weight`,
  deleteRelation: "DELETE FROM skill_edges WHERE from_id = ? AND to_id = ? AND type = ?",
  allRelations: "SELECT from_id AS \"from\", to_id AS \"to\", type, weight FROM skill_edges",
  freelancersWithSkill: "SELECT freelancer_id AS id FROM freelancer_skills WHERE skill_id = ?",
  jobsWithSkill: "SELECT job_id AS id FROM job_skills WHERE skill_id = ?",

  // ---- freelancers -----------------------------------------------------------------------
  freelancerRowid: "SELECT rowid FROM freelancers WHERE id = ?",
  upsertFreelancer: `
    INSERT INTO freelancers (id, json, hash, archetype, hourly_rate, country, available, rating, job_success)
    VALUES (@id, @json, @hash, @archetype, @hourlyRate, @country, @available, @rating, @jobSuccess)
    ON CONFLICT (id) DO UPDATE SET
      json = excluded.json, hash = excluded.hash, archetype = excluded.archetype,
      hourly_rate = excluded.hourly_rate, country = excluded.country, available = excluded.available,
      rating = excluded.rating, job_success = excluded.job_success
    RETURNING rowid`,
  clearFreelancerSkills: "DELETE FROM freelancer_skills WHERE freelancer_id = ?",
  insertFreelancerSkill: "INSERT INTO freelancer_skills (freelancer_id, skill_id, weight, level, source) VALUES (?, ?, ?, ?, ?)",
  upsertFreelancerFts: "INSERT OR REPLACE INTO freelancers_fts (rowid, title, overview, skills) VALUES (?, ?, ?, ?)",
  deleteFreelancerFts: "DELETE FROM freelancers_fts WHERE rowid = ?",
  deleteFreelancer: "DELETE FROM freelancers WHERE id = ?",
  freelancerRowAndJson: "SELECT rowid, json FROM freelancers WHERE id = ?",
  freelancerPostings: "SELECT freelancer_id AS entityId, skill_id AS skillId, weight FROM freelancer_skills",
  freelancerPostingsOf: "SELECT freelancer_id AS entityId, skill_id AS skillId, weight FROM freelancer_skills WHERE freelancer_id IN (SELECT value FROM json_each(?))",
  /** The filter columns (FreelancerColumns). */
  freelancerFilterRows: `
    SELECT id, archetype, hourly_rate AS hourlyRate, country, available, rating, job_success AS jobSuccess
    FROM freelancers`,
  freelancerFilterRowsOf: `
    SELECT id, archetype, hourly_rate AS hourlyRate, country, available, rating, job_success AS jobSuccess
    FROM freelancers WHERE id IN (SELECT value FROM json_each(?))`,

  // ---- jobs ------------------------------------------------------------------------------
  jobRowid: "SELECT rowid FROM jobs WHERE id = ?",
  upsertJob: `
    INSERT INTO jobs (id, json, hash, budget_type, budget_min, budget_max, experience_level, status, posted_at, country, client_id)
    VALUES (@id, @json, @hash, @budgetType, @budgetMin, @budgetMax, @experienceLevel, @status, @postedAt, @country, @clientId)
    ON CONFLICT (id) DO UPDATE SET
      json = excluded.json, hash = excluded.hash, budget_type = excluded.budget_type,
      budget_min = excluded.budget_min, budget_max = excluded.budget_max,
      experience_level = excluded.experience_level, status = excluded.status,
      posted_at = excluded.posted_at, country = excluded.country, client_id = excluded.client_id
    RETURNING rowid`,
  clearJobSkills: "DELETE FROM job_skills WHERE job_id = ?",
  insertJobSkill: "INSERT INTO job_skills (job_id, skill_id, weight, importance, source) VALUES (?, ?, ?, ?, ?)",
  upsertJobFts: "INSERT OR REPLACE INTO jobs_fts (rowid, title, description, skills) VALUES (?, ?, ?, ?)",
  deleteJobFts: "DELETE FROM jobs_fts WHERE rowid = ?",
  deleteJob: "DELETE FROM jobs WHERE id = ?",
  jobRowAndJson: "SELECT rowid, json FROM jobs WHERE id = ?",
  jobPostings: "SELECT job_id AS entityId, skill_id AS skillId, weight FROM job_skills",
  jobPostingsOf: "SELECT job_id AS entityId, skill_id AS skillId, weight FROM job_skills WHERE job_id IN (SELECT value FROM json_each(?))",
  /** The filter columns (JobColumns). */
  jobFilterRows: `
    SELECT id, budget_type AS budgetType, budget_min AS budgetMin, budget_max AS budgetMax,
      experience_level AS experienceLevel, status, posted_at AS postedAt, country
    FROM jobs`,
  jobFilterRowsOf: `
    SELECT id, budget_type AS budgetType, budget_min AS budgetMin, budget_max AS budgetMax,
      experience_level AS experienceLevel, status, posted_at AS postedAt, country
    FROM jobs WHERE id IN (SELECT value FROM json_each(?))`,

  // ---- clients ---------------------------------------------------------------------------
  upsertClient: `
    INSERT INTO clients (id, json, hash) VALUES (@id, @json, @hash)
    ON CONFLICT (id) DO UPDATE SET json = excluded.json, hash = excluded.hash`,
  deleteClient: "DELETE FROM clients WHERE id = ?",

  // ---- interactions ----------------------------------------------------------------------
  insertInteraction: "INSERT OR IGNORE INTO interactions (type, job_id, freelancer_id, at, rating) VALUES (?, ?, ?, ?, ?)",

  // ---- vectors and meta ------------------------------------------------------------------
  upsertVector: `
    INSERT INTO vectors (kind, id, data) VALUES (?, ?, ?)
    ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data`,
  deleteVector: "DELETE FROM vectors WHERE kind = ? AND id = ?",
  vectorPage: "SELECT id, data FROM vectors WHERE kind = ? AND id > ? ORDER BY id LIMIT ?",
  bumpGeneration: "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vector_generation:' || ?",
  generation: "SELECT CAST(value AS INTEGER) AS value FROM meta WHERE key = 'vector_generation:' || ?",

  // ---- vector change log (003-vector-log.sql) --------------------------------------------
  logVector: "INSERT INTO vector_log (kind, id, generation) VALUES (?, ?, ?)",
  /** Each id logged after @after once, with its current vector (NULL when it has none). */
  vectorChanges: `
    SELECT l.id AS id, v.data AS data
    FROM (SELECT DISTINCT id FROM vector_log WHERE kind = @kind AND generation > @after) AS l
    LEFT JOIN vectors AS v ON v.kind = @kind AND v.id = l.id
    ORDER BY l.id`,
  logTrimmed: "SELECT CAST(value AS INTEGER) AS value FROM meta WHERE key = 'vector_log_trimmed:' || ?",
  trimLog: "DELETE FROM vector_log WHERE kind = ? AND generation <= ?",
  markTrimmed: "UPDATE meta SET value = max(CAST(value AS INTEGER), ?) WHERE key = 'vector_log_trimmed:' || ?",

  // ---- stats -----------------------------------------------------------------------------
  stats: `
    SELECT
      (SELECT count(*) FROM skills) AS skills,
      (SELECT count(*) FROM freelancers WHERE archetype = 0) AS freelancers,
      (SELECT count(*) FROM freelancers WHERE archetype = 1) AS archetypes,
      (SELECT count(*) FROM jobs) AS jobs,
      (SELECT count(*) FROM clients) AS clients,
      (SELECT count(*) FROM skill_edges WHERE type = 'RELATED_TO') AS related,
      (SELECT count(*) FROM skill_edges WHERE type = 'BROADER_THAN') AS broader,
      (SELECT count(*) FROM freelancer_skills) AS hasSkill,
      (SELECT count(*) FROM job_skills) AS requires,
      (SELECT count(*) FROM jobs WHERE client_id IN (SELECT id FROM clients)) AS posted`,
  interactionCounts: "SELECT type, count(*) AS n FROM interactions GROUP BY type",
  vectorCounts: "SELECT kind, count(*) AS n FROM vectors GROUP BY kind",
} as const;

/** Record tables by kind (fixed identifiers, never user input). */
export const TABLES = { skills: "skills", freelancers: "freelancers", jobs: "jobs", clients: "clients" } as const;

/** Rows of `table` whose id is in the JSON array parameter, in the array's order. */
export function selectByIds(table: string, column: string): string {
  return `SELECT t.${column} AS value, t.id AS id FROM json_each(?) AS ids JOIN ${table} AS t ON t.id = ids.value ORDER BY ids.key`;
}
