/**
 * Every Cypher statement of the Neo4j graph store, in one place (the schema itself is in
 * graph/neo4j/migrations). All values travel as parameters; the only text ever spliced in is a
 * label or relationship type picked from the fixed tables below, never anything from input.
 *
 * The graph:
 * - (:Skill {id, json, hash, name, kwName, kwAliases, kwDescription, embedding?})
 *   -[:RELATED_TO|BROADER_THAN {weight}]->(:Skill)
 * - (:Freelancer {id, json, hash, archetype, hourlyRate?, country?, available?, rating?, jobSuccess?,
 *   kwTitle, kwOverview, kwSkills, embedding?})-[:HAS_SKILL {weight, level, source}]->(:Skill)
 * - (:Job {id, json, hash, budgetType?, budgetMin?, budgetMax?, experienceLevel?, status, postedAt?,
 *   country?, clientId?, kwTitle, kwDescription, kwSkills, embedding?})-[:REQUIRES {weight, importance, source}]->(:Skill)
 * - (:Client {id, json, hash}); a job's client is its `clientId` (POSTED is counted from it).
 * - (:Interaction {key, type, jobId, freelancerId, at, rating?}): an append-only log that outlives
 *   the records it names, so it is kept as nodes, not as relationships that a delete would take.
 * - Bookkeeping: (:TalentgraphMeta {key, value}) counters, (:TalentgraphVectorLog {kind, id,
 *   generation}) the HNSW write-ahead log, (:TalentgraphMigration {version, name, appliedAt}).
 * `json` holds the record exactly as ingested; the other properties are what queries filter,
 * traverse and search on. kw* hold the keyword text normalised like the embedded FTS5 columns.
 */
import type { RecordKind } from "../graph-store.js";
import type { RelationType, VectorKind } from "../../core/records.js";

/** Node label of each record kind (fixed identifiers). */
export const LABELS: Readonly<Record<RecordKind, string>> = {
  skills: "Skill",
  freelancers: "Freelancer",
  jobs: "Job",
  clients: "Client",
};

/** Full-text index of each keyword kind (created by migration 002). */
export const FULLTEXT_INDEXES = {
  freelancers: "talentgraph_freelancers",
  jobs: "talentgraph_jobs",
  skills: "talentgraph_skills",
} as const;

/** Relationship from a freelancer or job to its skills. */
export const SKILL_EDGE: Readonly<Record<"freelancers" | "jobs", string>> = { freelancers: "HAS_SKILL", jobs: "REQUIRES" };

/** Counter keys in (:TalentgraphMeta). */
export const META = {
  /** Bumped by every write transaction: readers compare it to know whether their copy is current. */
  writes: "writes",
  generation: (kind: VectorKind) => `vector_generation:${kind}`,
  trimmed: (kind: VectorKind) => `vector_log_trimmed:${kind}`,
};

export const CYPHER = {
  // ---- server and schema ------------------------------------------------------------------
  components: "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
  appliedMigrations: "MATCH (m:TalentgraphMigration) RETURN m.version AS version ORDER BY version",
  recordMigration: "MERGE (m:TalentgraphMigration {version: $version}) SET m.name = $name, m.appliedAt = $appliedAt",

  // ---- counters ---------------------------------------------------------------------------
  readMeta: "OPTIONAL MATCH (m:TalentgraphMeta {key: $key}) RETURN coalesce(m.value, 0) AS value",
  bumpMeta: "MERGE (m:TalentgraphMeta {key: $key}) ON CREATE SET m.value = 0 SET m.value = m.value + 1 RETURN m.value AS value",
  raiseMeta: "MERGE (m:TalentgraphMeta {key: $key}) ON CREATE SET m.value = 0 WITH m SET m.value = CASE WHEN m.value < $value THEN $value ELSE m.value END",

  // ---- records ----------------------------------------------------------------------------
  /** id, json of the given ids (any order). */
  records: (kind: RecordKind) => `UNWIND $ids AS id MATCH (n:${LABELS[kind]} {id: id}) RETURN n.id AS id, n.json AS json`,
  hashes: (kind: RecordKind) => `UNWIND $ids AS id MATCH (n:${LABELS[kind]} {id: id}) RETURN n.id AS id, n.hash AS hash`,
  allIds: (kind: RecordKind) => `MATCH (n:${LABELS[kind]}) RETURN n.id AS id`,
  allSkillJson: "MATCH (s:Skill) RETURN s.id AS id, s.json AS json",
  /** Deletes records with their edges; says which had a vector (for the vector log). */
  deleteRecords: (kind: RecordKind) =>
    `UNWIND $ids AS id MATCH (n:${LABELS[kind]} {id: id}) WITH n, n.id AS id, n.embedding IS NOT NULL AS hadVector DETACH DELETE n RETURN id, hadVector`,
  /** Ids of the freelancers and jobs holding a skill (their keyword text names it). */
  skillHolders:
    "UNWIND $ids AS sid MATCH (h)-[:HAS_SKILL|REQUIRES]->(:Skill {id: sid}) RETURN DISTINCT h.id AS id, CASE WHEN h:Freelancer THEN 'freelancers' ELSE 'jobs' END AS kind",
  skillNames: "UNWIND $ids AS id MATCH (s:Skill {id: id}) RETURN s.id AS id, s.name AS name",
  upsertSkills: `
    UNWIND $rows AS r MERGE (s:Skill {id: r.id})
    SET s.json = r.json, s.hash = r.hash, s.name = r.name, s.kwName = r.kwName, s.kwAliases = r.kwAliases,
        s.kwDescription = r.kwDescription, s.embedding = coalesce(r.embedding, s.embedding)`,
  upsertRelations: (type: RelationType) =>
    `UNWIND $rows AS r MATCH (a:Skill {id: r.from}), (b:Skill {id: r.to}) MERGE (a)-[e:${type}]->(b) SET e.weight = r.weight`,
  removeRelations: (type: RelationType) =>
    `UNWIND $rows AS r MATCH (:Skill {id: r.from})-[e:${type}]->(:Skill {id: r.to}) DELETE e RETURN count(*) AS removed`,
  clearSkillEdges: (kind: "freelancers" | "jobs") =>
    `UNWIND $ids AS id MATCH (:${LABELS[kind]} {id: id})-[e:${SKILL_EDGE[kind]}]->(:Skill) DELETE e`,
  /** `props` holds every filterable and keyword property; a null removes it. */
  upsertEntities: (kind: "freelancers" | "jobs" | "clients") =>
    `UNWIND $rows AS r MERGE (n:${LABELS[kind]} {id: r.id}) SET n += r.props, n.embedding = coalesce(r.embedding, n.embedding)`,
  insertFreelancerSkills: `
    UNWIND $rows AS r MATCH (f:Freelancer {id: r.id}), (s:Skill {id: r.skillId})
    CREATE (f)-[:HAS_SKILL {weight: r.weight, level: r.level, source: r.source}]->(s)`,
  insertJobSkills: `
    UNWIND $rows AS r MATCH (j:Job {id: r.id}), (s:Skill {id: r.skillId})
    CREATE (j)-[:REQUIRES {weight: r.weight, importance: r.importance, source: r.source}]->(s)`,
  setKeywordSkills: (kind: "freelancers" | "jobs") => `UNWIND $rows AS r MATCH (n:${LABELS[kind]} {id: r.id}) SET n.kwSkills = r.kwSkills`,
  insertInteractions: `
    UNWIND $rows AS r MERGE (i:Interaction {key: r.key})
    ON CREATE SET i.type = r.type, i.jobId = r.jobId, i.freelancerId = r.freelancerId, i.at = r.at, i.rating = r.rating`,

  // ---- traversal --------------------------------------------------------------------------
  /**
   * One traversal step: the neighbours of each asked skill over the allowed relationship types,
   * strongest first (then id, type, direction: the port's order), at most $cap of them. Unknown
   * skills yield no row; a skill without neighbours yields an empty list.
   */
  neighbours: `
    UNWIND $ids AS id MATCH (s:Skill {id: id})
    OPTIONAL MATCH (s)-[r:RELATED_TO|BROADER_THAN]-(n:Skill) WHERE type(r) IN $types
    WITH id, s, r, n, CASE WHEN startNode(r) = s THEN 'out' ELSE 'in' END AS direction
    ORDER BY r.weight DESC, n.id, type(r), direction
    WITH id, collect(CASE WHEN n IS NULL THEN NULL ELSE {skillId: n.id, type: type(r), direction: direction, weight: r.weight} END) AS neighbours
    RETURN id, neighbours[0..$cap] AS neighbours`,
  /** Skill edges of the entities holding any of the skills (candidate generation by weighted skills). */
  postings: (kind: "freelancers" | "jobs") =>
    `UNWIND $skillIds AS sid MATCH (e:${LABELS[kind]})-[h:${SKILL_EDGE[kind]}]->(:Skill {id: sid}) RETURN e.id AS entityId, sid AS skillId, h.weight AS weight, coalesce(e.archetype, false) AS archetype`,

  // ---- read replica (filters, and reads while the server is away) -------------------------
  /** Filter attributes, record JSON and skill edges of every freelancer (`all`) or of `$ids`. */
  freelancerRows: (scope: "all" | "ids") => `
    ${scope === "all" ? "MATCH (f:Freelancer)" : "UNWIND $ids AS id MATCH (f:Freelancer {id: id})"}
    OPTIONAL MATCH (f)-[h:HAS_SKILL]->(s:Skill)
    RETURN f.id AS id, f.json AS json, f.archetype AS archetype, f.hourlyRate AS hourlyRate, f.country AS country,
      f.available AS available, f.rating AS rating, f.jobSuccess AS jobSuccess,
      collect(CASE WHEN s IS NULL THEN NULL ELSE [s.id, h.weight] END) AS skills`,
  jobRows: (scope: "all" | "ids") => `
    ${scope === "all" ? "MATCH (j:Job)" : "UNWIND $ids AS id MATCH (j:Job {id: id})"}
    OPTIONAL MATCH (j)-[h:REQUIRES]->(s:Skill)
    RETURN j.id AS id, j.json AS json, j.budgetType AS budgetType, j.budgetMin AS budgetMin, j.budgetMax AS budgetMax,
      j.experienceLevel AS experienceLevel, j.status AS status, j.postedAt AS postedAt, j.country AS country,
      collect(CASE WHEN s IS NULL THEN NULL ELSE [s.id, h.weight] END) AS skills`,

  // ---- interactions -----------------------------------------------------------------------
  /** WHERE conditions of `interactions`, combined from these fixed fragments only. */
  interactionConditions: {
    jobId: "i.jobId = $jobId",
    freelancerId: "i.freelancerId = $freelancerId",
    jobIds: "i.jobId IN $jobIds",
    freelancerIds: "i.freelancerId IN $freelancerIds",
    types: "i.type IN $types",
  },
  interactions: (where: string) =>
    `MATCH (i:Interaction) ${where} RETURN i.type AS type, i.jobId AS jobId, i.freelancerId AS freelancerId, i.at AS at, i.rating AS rating`,

  // ---- vectors and their log --------------------------------------------------------------
  vectorPage: (kind: VectorKind) =>
    `MATCH (n:${LABELS[kind]}) WHERE n.id > $after AND n.embedding IS NOT NULL RETURN n.id AS id, n.embedding AS vector ORDER BY id LIMIT $limit`,
  logVectors: "UNWIND $ids AS id CREATE (:TalentgraphVectorLog {kind: $kind, id: id, generation: $generation})",
  vectorChanges: (kind: VectorKind) => `
    MATCH (l:TalentgraphVectorLog {kind: $kind}) WHERE l.generation > $after
    WITH DISTINCT l.id AS id
    OPTIONAL MATCH (n:${LABELS[kind]} {id: id})
    RETURN id, n.embedding AS vector ORDER BY id`,
  trimLog: "MATCH (l:TalentgraphVectorLog {kind: $kind}) WHERE l.generation <= $through DELETE l",

  // ---- stats ------------------------------------------------------------------------------
  countNodes: (label: string) => `MATCH (n:${label}) RETURN count(n) AS n`,
  countArchetypes: "MATCH (f:Freelancer) WHERE f.archetype = true RETURN count(f) AS n",
  countEdges: (type: string) => `MATCH ()-[e:${type}]->() RETURN count(e) AS n`,
  countPosted: "MATCH (j:Job) WHERE j.clientId IS NOT NULL MATCH (c:Client {id: j.clientId}) RETURN count(j) AS n",
  interactionCounts: "MATCH (i:Interaction) RETURN i.type AS type, count(i) AS n",
  countVectors: (kind: VectorKind) => `MATCH (n:${LABELS[kind]}) WHERE n.embedding IS NOT NULL RETURN count(n) AS n`,

  // ---- keyword ----------------------------------------------------------------------------
  /** BM25 hits of a Lucene query (quoted terms OR-ed), best first. */
  fulltext: `
    CALL db.index.fulltext.queryNodes($index, $query, {limit: $limit}) YIELD node, score
    RETURN node.id AS id, score, coalesce(node.archetype, false) AS archetype`,
} as const;

/** Splits a migration file into statements: `;` at a line end ends one; `//` lines are comments. */
export function splitStatements(text: string): string[] {
  return text
    .split(/;\s*(?:\n|$)/)
    .map((s) =>
      s
        .split("\n")
        .filter((line) => !line.trim().startsWith("//"))
        .join("\n")
        .trim(),
    )
    .filter((s) => s.length > 0);
}
