/**
 * Port: the record store and the skills graph. The embedded adapter keeps it in SQLite;
 * the Neo4j adapter (later) in a graph database. Every method is async so that both fit.
 *
 * Nodes: skills, freelancers (including ESCO archetypes), jobs, clients.
 * Edges: skill–skill (RELATED_TO, BROADER_THAN), freelancer–skill (HAS_SKILL, weight from level),
 * job–skill (REQUIRES, weight from importance), client–job (POSTED), interactions (freelancer–job).
 */
import type { FreelancerFilter, JobFilter } from "../core/filters.js";
import type {
  Client,
  Freelancer,
  Interaction,
  InteractionType,
  Job,
  RelationType,
  Skill,
  SkillRelation,
  VectorKind,
} from "../core/records.js";

export type RecordKind = "skills" | "freelancers" | "jobs" | "clients";
export const RECORD_KINDS: readonly RecordKind[] = ["skills", "freelancers", "jobs", "clients"];

/** A record to upsert, with the content hash of its input and (for vector kinds) its embedding. */
export interface Upsert<T> {
  record: T;
  /** Hash of the normalised input; an unchanged hash means the record needs no work. */
  hash: string;
  /** The record's embedding; when absent, a vector already stored for the id is kept. */
  vector?: Float32Array;
}

/** One atomic unit of writes: all of it is visible afterwards, or none of it. */
export interface WriteBatch {
  skills?: Upsert<Skill>[];
  /** Upserts by (from, to, type). */
  skillRelations?: SkillRelation[];
  removeSkillRelations?: Array<Pick<SkillRelation, "from" | "to" | "type">>;
  freelancers?: Upsert<Freelancer>[];
  jobs?: Upsert<Job>[];
  clients?: Upsert<Client>[];
  /** Appended; an identical (type, jobId, freelancerId, at) is stored once. */
  interactions?: Interaction[];
  /** Deleting a record removes its edges, its vector and its keyword entry. */
  deletes?: Array<{ kind: RecordKind; id: string }>;
}

/** One relationship traversed, in the direction it was walked. */
export interface PathStep {
  from: string;
  to: string;
  type: RelationType;
  /** "out" when walked from its source to its target, "in" when walked backwards. */
  direction: "out" | "in";
  weight: number;
}

export interface SkillNeighbour {
  skillId: string;
  type: RelationType;
  direction: "out" | "in";
  weight: number;
}

export interface WeightedSkill {
  skillId: string;
  /** Importance of the skill to the query, > 0 (typically in (0, 1]). */
  weight: number;
}

export interface ExpandOptions {
  /** Maximum hops from a seed, 0..3; default 2. */
  maxHops?: number;
  /** Multiplier applied per hop on top of edge weights, in (0, 1]; default 0.5. */
  decay?: number;
  /** At most this many neighbours are followed from any one skill (strongest first, then by id); default 50. */
  degreeCap?: number;
  /** Relationship types to follow; default both. */
  types?: readonly RelationType[];
  /** Expanded skills weaker than this are dropped; default 0.05. */
  minWeight?: number;
}

export interface ExpandedSkill {
  skillId: string;
  /** Best weight over all paths: seed weight × Π(edge weight × decay); seeds keep their own weight. */
  weight: number;
  /** Hops on the best path (0 for a seed). */
  hops: number;
  /** The seed the best path starts from. */
  seedId: string;
  /** The best path, seed first; empty for a seed. */
  path: PathStep[];
}

export interface SkillMatch {
  /** The skill on the candidate (freelancer's or job's). */
  skillId: string;
  /** The query skill (seed) it was reached from. */
  seedId: string;
  /** Contribution to the candidate's score. */
  weight: number;
  path: PathStep[];
}

export interface SkillCandidate {
  id: string;
  /** Sum of matched expanded-skill weights × the candidate's edge weight; higher is better. */
  score: number;
  matches: SkillMatch[];
}

export interface CandidateOptions {
  limit: number;
  expand?: ExpandOptions;
  /** Only ids for which this returns true are returned. */
  filter?: (id: string) => boolean;
  /** Include ESCO archetype profiles among freelancers; default false. */
  includeArchetypes?: boolean;
}

/** Conditions on interactions, all of the given ones must hold (an empty list matches nothing). */
export interface InteractionQuery {
  jobId?: string;
  freelancerId?: string;
  /** Any of these jobs: one call for many (a networked store answers it in one round trip). */
  jobIds?: readonly string[];
  /** Any of these freelancers. */
  freelancerIds?: readonly string[];
  types?: readonly InteractionType[];
}

/** See {@link GraphStore.vectorChanges}. */
export interface VectorChanges {
  /** False when the log no longer reaches back to the asked generation (replaying is unsafe). */
  complete: boolean;
  /** Newest state per changed id, ordered by id; `vector: null` means the id has no vector now. */
  changes: Array<{ id: string; vector: Float32Array | null }>;
}

export interface StoreStats {
  nodes: Record<"skills" | "freelancers" | "archetypes" | "jobs" | "clients", number>;
  edges: Record<"RELATED_TO" | "BROADER_THAN" | "HAS_SKILL" | "REQUIRES" | "POSTED", number>;
  interactions: Record<InteractionType, number>;
  vectors: Record<VectorKind, number>;
}

/**
 * A filter resolved against the store's current records: a snapshot, so records written after
 * compiling are not allowed (compile again per request). Cheap to call per id (≈ a map lookup).
 */
export interface CompiledFilter {
  /** True when the record exists (as of compiling) and passes the filter. */
  allow: (id: string) => boolean;
  /** Number of allowed records, ≥ 0. */
  count: number;
  /** The allowed ids, ascending by code unit (the order of `ids()` on the store); computed once on first call. */
  ids(): string[];
}

export interface GraphStore {
  /** Creates or upgrades the schema. Idempotent. */
  migrate(): Promise<void>;
  /** Applies a batch atomically. */
  write(batch: WriteBatch): Promise<void>;

  /** Stored content hashes for the given ids (absent ids are missing from the map). */
  contentHashes(kind: RecordKind, ids: readonly string[]): Promise<Map<string, string>>;

  getSkills(ids: readonly string[]): Promise<Skill[]>;
  getFreelancers(ids: readonly string[]): Promise<Freelancer[]>;
  getJobs(ids: readonly string[]): Promise<Job[]>;
  getClients(ids: readonly string[]): Promise<Client[]>;
  /** Every skill, ordered by id (the skill linker's dictionary). */
  allSkills(): Promise<Skill[]>;
  /** Ids of all records of a kind, ordered by id. */
  ids(kind: RecordKind): Promise<string[]>;

  /** Direct skill–skill neighbours in both directions, strongest first, then by id. */
  skillNeighbours(skillId: string, types?: readonly RelationType[]): Promise<SkillNeighbour[]>;
  /**
   * Seeds plus skills reachable within maxHops, with decayed weights and their best paths; ordered by
   * weight desc, then id. Seeds that are not in the taxonomy are dropped; a seed weight ≤ 0 is INVALID_INPUT.
   */
  expandSkills(seeds: readonly WeightedSkill[], options?: ExpandOptions): Promise<ExpandedSkill[]>;
  /** Freelancers (or jobs) holding the expanded skills, by weighted coverage; best first, ties by id. */
  candidatesBySkills(
    kind: "freelancers" | "jobs",
    seeds: readonly WeightedSkill[],
    options: CandidateOptions,
  ): Promise<SkillCandidate[]>;
  /** Shortest skill–skill paths (up to `limit`, default 3) from one skill to another within maxHops (default 3). */
  skillPaths(fromSkillId: string, toSkillId: string, options?: { maxHops?: number; limit?: number }): Promise<PathStep[][]>;

  interactions(query: InteractionQuery): Promise<Interaction[]>;

  /**
   * Compiles a filter into an allow-list over the current freelancers or jobs (the one place filter
   * semantics live, so every retrieval channel applies the same rules). Semantics:
   * - A record without the attribute a condition tests fails that condition (no rate fails a rate
   *   range; no rating fails minRating; `available: true` needs `available === true` on the record).
   * - Ranges are inclusive. Lists are "any of" (countries case-insensitive and trimmed); an empty
   *   list restricts nothing. `skillIds` needs every listed skill on the record (an unknown skill
   *   matches nobody).
   * - Freelancers: ESCO archetype profiles are excluded unless `includeArchetypes` is true, so
   *   compile even an empty filter when ranking freelancers.
   * - Jobs: the budget range [minBudget, maxBudget] must overlap the job's [min, max] (a missing bound
   *   on either side is open; a job without a budget fails any budget condition); `budgetType` needs
   *   a budget of that type; `postedSince` (ISO-8601) is inclusive and fails jobs without `postedAt`;
   *   `skillIds` counts required and preferred skills alike.
   * Contradictory ranges (min > max) allow nothing; validating them is the caller's job (core/filters).
   */
  compileFilter(kind: "freelancers", filter: FreelancerFilter): Promise<CompiledFilter>;
  compileFilter(kind: "jobs", filter: JobFilter): Promise<CompiledFilter>;

  /** Stored embeddings of a kind, ordered by id (for rebuilding an index without re-embedding). */
  vectors(kind: VectorKind): AsyncIterable<{ id: string; vector: Float32Array }>;
  /** Counter bumped by every write that changes a vector of this kind. */
  vectorGeneration(kind: VectorKind): Promise<number>;
  /**
   * The vector change log (the HNSW indexes' write-ahead log): what changed in this kind's vectors
   * after `afterGeneration` (a snapshot's stamp, ≥ 0), as the newest state of each id: its stored
   * vector, or `null` when it no longer has one (record deleted). One entry per id, ordered by id.
   * The log is written in the same transaction as the vectors, so applying these changes to an
   * index snapshot stamped `afterGeneration` yields the index of the current generation.
   * `complete` is false when the log was trimmed past `afterGeneration` (see `trimVectorLog`): the
   * changes are then partial and the index must be rebuilt from `vectors()` instead. An
   * `afterGeneration` at or beyond the current generation yields no changes.
   */
  vectorChanges(kind: VectorKind, afterGeneration: number): Promise<VectorChanges>;
  /**
   * Forgets the log of this kind up to and including `throughGeneration` (clamped to the current
   * generation), once a snapshot at that generation is safely written. Afterwards
   * `vectorChanges(kind, g)` for g < throughGeneration reports `complete: false`. Never lowers an
   * earlier trim; idempotent.
   */
  trimVectorLog(kind: VectorKind, throughGeneration: number): Promise<void>;

  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}
