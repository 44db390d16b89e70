/**
 * The embedded GraphStore: SQLite (better-sqlite3, WAL) for records, edges, vectors and FTS5
 * keyword tables, plus in-memory read structures built lazily from it and dropped after writes
 * that touch them: the skills graph adjacency (traversals), and per record kind the skill posting
 * lists (candidate generation) and the filter columns (compileFilter), sharing record ordinals.
 *
 * Write semantics (beyond the port):
 * - A batch applies deletes first, then skills, relations, removed relations, freelancers, jobs,
 *   clients, interactions; so a record deleted and re-created in one batch ends up present.
 * - Freelancer and job skills must name stored skills (or skills in the same batch); otherwise
 *   the whole batch fails with INVALID_INPUT. Skill relations likewise.
 * - Upserting a record replaces its skill edges and its keyword entry. An upsert without a vector
 *   keeps the stored vector (so metadata-only updates need no re-embedding).
 * - Deleting a record removes its edges, vector and keyword entry. Interactions are an append-only
 *   log and stay. Deleting a skill removes its edges to freelancers and jobs (their stored JSON is
 *   left as ingested) and re-indexes those records' keyword entries without the skill's name.
 * - Renaming a skill re-indexes the keyword entries of the records that hold it.
 * - A batch that changes vectors of a kind bumps that kind's generation once and logs every
 *   changed id under the new generation (`vector_log`, same transaction): the HNSW write-ahead log.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import {
  BackendUnavailableError,
  IndexCorruptError,
  InvalidInputError,
  TalentgraphError,
} from "../core/errors.js";
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
import { INTERACTION_TYPES, VECTOR_KINDS } from "../core/records.js";
import { freelancerDocument, jobDocument, skillDocument } from "../keyword/keyword-document.js";
import type { FreelancerFilter, JobFilter } from "../core/filters.js";
import type {
  CandidateOptions,
  CompiledFilter,
  ExpandedSkill,
  ExpandOptions,
  GraphStore,
  InteractionQuery,
  PathStep,
  RecordKind,
  SkillCandidate,
  SkillNeighbour,
  StoreStats,
  VectorChanges,
  WeightedSkill,
  WriteBatch,
} from "./graph-store.js";
import type { FreelancerFilterRow, JobFilterRow } from "./filter-columns.js";
import { LayeredTable, freelancerLayer, jobLayer } from "./layered-table.js";
import { SkillGraph, resolveExpandOptions } from "./skill-graph.js";
import type { PostingRow } from "./skill-postings.js";
import { migrate as runMigrations } from "./sqlite-migrations.js";
import { checkGeneration, checkLimit, checkRelation, checkSkillKnown, checkVector, freelancerSkillEdges, jobSkillEdges } from "./write-rules.js";
import { SQL, TABLES, selectByIds } from "./sqlite-sql.js";

export interface SqliteGraphStoreOptions {
  /** Database file, created with its directory if missing, or ":memory:". */
  path: string;
}

/**
 * Opens (creating if needed) and migrates an embedded store. Synchronous: better-sqlite3 is.
 * Throws CONFIG_INVALID for a database written by a newer build, INDEX_CORRUPT for a file that
 * is not a talentgraph database, BACKEND_UNAVAILABLE when the file cannot be opened.
 */
export function openSqliteGraphStore(options: SqliteGraphStoreOptions): SqliteGraphStore {
  const store = new SqliteGraphStore(options);
  try {
    store.migrateSync();
  } catch (error) {
    store.closeSync();
    throw error;
  }
  return store;
}

type Statements = { [K in keyof typeof SQL]: Database.Statement };

/** This adapter's name in messages. */
const STORE = "SqliteGraphStore";

const VECTOR_PAGE = 1000;

export class SqliteGraphStore implements GraphStore {
  private readonly db: Database.Database;
  private readonly where: string;
  private statements: Statements | undefined;
  // Read caches; `undefined` means "rebuild on next use".
  private skillGraph: SkillGraph | undefined;
  // Filter columns and posting lists: built once, then records written since shadow them (layered-table.ts).
  private readonly freelancerTable = new LayeredTable<FreelancerFilter>({
    buildAll: () => freelancerLayer(this.stmts().freelancerFilterRows.all() as FreelancerFilterRow[], this.stmts().freelancerPostings.iterate() as IterableIterator<PostingRow>),
    buildOf: (ids) => {
      const json = JSON.stringify(ids);
      return freelancerLayer(this.stmts().freelancerFilterRowsOf.all(json) as FreelancerFilterRow[], this.stmts().freelancerPostingsOf.iterate(json) as IterableIterator<PostingRow>);
    },
  });
  private readonly jobTable = new LayeredTable<JobFilter>({
    buildAll: () => jobLayer(this.stmts().jobFilterRows.all() as JobFilterRow[], this.stmts().jobPostings.iterate() as IterableIterator<PostingRow>),
    buildOf: (ids) => {
      const json = JSON.stringify(ids);
      return jobLayer(this.stmts().jobFilterRowsOf.all(json) as JobFilterRow[], this.stmts().jobPostingsOf.iterate(json) as IterableIterator<PostingRow>);
    },
  });
  private skillNames: Map<string, string> | undefined;

  constructor(options: SqliteGraphStoreOptions) {
    this.where = options.path === ":memory:" ? "an in-memory store" : `store ${options.path}`;
    try {
      if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
      this.db = new Database(options.path);
      // Only takes effect on a new file (before WAL): 8 KiB pages suit the ~1 KiB vector and JSON
      // rows and measured ~25% faster bulk ingest than 4 KiB.
      this.db.pragma("page_size = 8192");
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("foreign_keys = ON");
      // Bulk ingest touches many pages; 128 MiB of page cache keeps the B-trees hot.
      this.db.pragma("cache_size = -131072");
      this.db.pragma("temp_store = MEMORY");
    } catch (error) {
      throw translateError("SqliteGraphStore.open", this.where, error);
    }
  }

  /**
   * The underlying connection, for sibling SQLite adapters only (SqliteKeywordIndex reads the
   * FTS5 tables it maintains). Not part of the GraphStore port.
   */
  sqliteDatabase(): Database.Database {
    return this.db;
  }

  migrate(): Promise<void> {
    return this.run("migrate", () => this.migrateSync());
  }

  /** migrate() without the promise, for the factory. */
  migrateSync(): void {
    try {
      runMigrations(this.db, this.where);
      this.statements ??= prepareAll(this.db);
    } catch (error) {
      throw translateError("SqliteGraphStore.migrate", this.where, error);
    }
  }

  write(batch: WriteBatch): Promise<void> {
    return this.run("write", () => {
      const s = this.stmts();
      const touched = { skills: false, freelancers: false, jobs: false };
      const bumped = new Set<VectorKind>();
      try {
        this.db.transaction(() => this.applyBatch(s, batch, touched, bumped))();
      } catch (error) {
        // The transaction rolled back; caches may hold names from the failed batch.
        this.skillNames = undefined;
        throw error;
      }
      if (touched.skills) {
        // A skill change can reach every record's postings: start over.
        this.skillGraph = undefined;
        this.freelancerTable.reset();
        this.jobTable.reset();
      } else {
        const deleted = (kind: RecordKind): string[] => (batch.deletes ?? []).filter((d) => d.kind === kind).map((d) => d.id);
        if (touched.freelancers) this.freelancerTable.touch([...(batch.freelancers ?? []).map((u) => u.record.id), ...deleted("freelancers")]);
        if (touched.jobs) this.jobTable.touch([...(batch.jobs ?? []).map((u) => u.record.id), ...deleted("jobs")]);
      }
    });
  }

  private applyBatch(s: Statements, batch: WriteBatch, touched: { skills: boolean; freelancers: boolean; jobs: boolean }, bumped: Set<VectorKind>): void {
    const names = this.names();
    /** Records whose keyword entry must be rebuilt because a skill name changed or vanished. */
    const reindex = { freelancers: new Set<string>(), jobs: new Set<string>() };
    const collectHolders = (skillId: string): void => {
      for (const r of s.freelancersWithSkill.all(skillId) as Array<{ id: string }>) reindex.freelancers.add(r.id);
      for (const r of s.jobsWithSkill.all(skillId) as Array<{ id: string }>) reindex.jobs.add(r.id);
    };
    /** A vector changed: bump the kind's generation (once per batch) and log the id under it. */
    const generations = new Map<VectorKind, number>();
    const logChange = (kind: VectorKind, id: string): void => {
      let generation = generations.get(kind);
      if (generation === undefined) {
        bumped.add(kind);
        s.bumpGeneration.run(kind);
        generation = (s.generation.get(kind) as { value: number }).value;
        generations.set(kind, generation);
      }
      s.logVector.run(kind, id, generation);
    };
    const dropVector = (kind: VectorKind, id: string): void => {
      if (s.deleteVector.run(kind, id).changes > 0) logChange(kind, id);
    };
    const putVector = (kind: VectorKind, id: string, vector: Float32Array | undefined): void => {
      if (vector === undefined) return;
      checkVector(STORE, kind, id, vector);
      s.upsertVector.run(kind, id, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
      logChange(kind, id);
    };

    for (const { kind, id } of batch.deletes ?? []) {
      switch (kind) {
        case "skills": {
          const row = s.skillRowid.get(id) as { rowid: number } | undefined;
          if (row === undefined) break;
          collectHolders(id);
          s.deleteSkillFts.run(row.rowid);
          s.deleteSkill.run(id);
          names.delete(id);
          dropVector("skills", id);
          touched.skills = touched.freelancers = touched.jobs = true;
          break;
        }
        case "freelancers": {
          const row = s.freelancerRowid.get(id) as { rowid: number } | undefined;
          if (row === undefined) break;
          s.deleteFreelancerFts.run(row.rowid);
          s.deleteFreelancer.run(id);
          dropVector("freelancers", id);
          reindex.freelancers.delete(id);
          touched.freelancers = true;
          break;
        }
        case "jobs": {
          const row = s.jobRowid.get(id) as { rowid: number } | undefined;
          if (row === undefined) break;
          s.deleteJobFts.run(row.rowid);
          s.deleteJob.run(id);
          dropVector("jobs", id);
          reindex.jobs.delete(id);
          touched.jobs = true;
          break;
        }
        case "clients":
          s.deleteClient.run(id);
          break;
      }
    }

    for (const { record, hash, vector } of batch.skills ?? []) {
      const before = s.skillRowid.get(record.id) as { rowid: number; json: string } | undefined;
      if (before !== undefined) {
        const old = JSON.parse(before.json) as Skill;
        if (old.name !== record.name) collectHolders(record.id);
      }
      const { rowid } = s.upsertSkill.get({ id: record.id, json: JSON.stringify(record), hash, name: record.name }) as { rowid: number };
      s.upsertSkillFts.run(rowid, ...skillDocument(record));
      names.set(record.id, record.name);
      putVector("skills", record.id, vector);
      touched.skills = true;
    }

    const knows = (skillId: string): boolean => names.has(skillId);
    for (const r of batch.skillRelations ?? []) {
      checkRelation(STORE, r, knows);
      s.upsertRelation.run(r.from, r.to, r.type, r.weight);
      touched.skills = true;
    }
    for (const r of batch.removeSkillRelations ?? []) {
      if (s.deleteRelation.run(r.from, r.to, r.type).changes > 0) touched.skills = true;
    }

    for (const { record: f, hash, vector } of batch.freelancers ?? []) {
      const exists = s.freelancerRowid.get(f.id) !== undefined;
      if (exists) s.clearFreelancerSkills.run(f.id);
      const { rowid } = s.upsertFreelancer.get({
        id: f.id,
        json: JSON.stringify(f),
        hash,
        archetype: f.archetype === true ? 1 : 0,
        hourlyRate: f.hourlyRate ?? null,
        country: f.country ?? null,
        available: f.available === undefined ? null : f.available ? 1 : 0,
        rating: f.rating ?? null,
        jobSuccess: f.jobSuccess ?? null,
      }) as { rowid: number };
      for (const sk of f.skills) checkSkillKnown(STORE, `freelancer "${f.id}"`, sk.skillId, knows);
      for (const e of freelancerSkillEdges(f)) s.insertFreelancerSkill.run(f.id, e.skillId, e.weight, e.level, e.source);
      s.upsertFreelancerFts.run(rowid, ...freelancerDocument(f, names));
      reindex.freelancers.delete(f.id);
      putVector("freelancers", f.id, vector);
      touched.freelancers = true;
    }

    for (const { record: j, hash, vector } of batch.jobs ?? []) {
      const exists = s.jobRowid.get(j.id) !== undefined;
      if (exists) s.clearJobSkills.run(j.id);
      const { rowid } = s.upsertJob.get({
        id: j.id,
        json: JSON.stringify(j),
        hash,
        budgetType: j.budget?.type ?? null,
        budgetMin: j.budget?.min ?? null,
        budgetMax: j.budget?.max ?? null,
        experienceLevel: j.experienceLevel ?? null,
        status: j.status,
        postedAt: j.postedAt ?? null,
        country: j.country ?? null,
        clientId: j.clientId ?? null,
      }) as { rowid: number };
      for (const sk of j.skills) checkSkillKnown(STORE, `job "${j.id}"`, sk.skillId, knows);
      for (const e of jobSkillEdges(j)) s.insertJobSkill.run(j.id, e.skillId, e.weight, e.importance, e.source);
      s.upsertJobFts.run(rowid, ...jobDocument(j, names));
      reindex.jobs.delete(j.id);
      putVector("jobs", j.id, vector);
      touched.jobs = true;
    }

    for (const { record, hash } of batch.clients ?? []) s.upsertClient.run({ id: record.id, json: JSON.stringify(record), hash });
    for (const i of batch.interactions ?? []) s.insertInteraction.run(i.type, i.jobId, i.freelancerId, i.at, i.rating ?? null);

    for (const id of reindex.freelancers) {
      const row = s.freelancerRowAndJson.get(id) as { rowid: number; json: string } | undefined;
      if (row !== undefined) s.upsertFreelancerFts.run(row.rowid, ...freelancerDocument(JSON.parse(row.json) as Freelancer, names));
    }
    for (const id of reindex.jobs) {
      const row = s.jobRowAndJson.get(id) as { rowid: number; json: string } | undefined;
      if (row !== undefined) s.upsertJobFts.run(row.rowid, ...jobDocument(JSON.parse(row.json) as Job, names));
    }
  }

  contentHashes(kind: RecordKind, ids: readonly string[]): Promise<Map<string, string>> {
    return this.run("contentHashes", () => {
      const rows = this.db.prepare(selectByIds(TABLES[kind], "hash")).all(JSON.stringify(unique(ids))) as Array<{ id: string; value: string }>;
      return new Map(rows.map((r) => [r.id, r.value]));
    });
  }

  getSkills(ids: readonly string[]): Promise<Skill[]> {
    return this.records<Skill>("skills", ids);
  }
  getFreelancers(ids: readonly string[]): Promise<Freelancer[]> {
    return this.records<Freelancer>("freelancers", ids);
  }
  getJobs(ids: readonly string[]): Promise<Job[]> {
    return this.records<Job>("jobs", ids);
  }
  getClients(ids: readonly string[]): Promise<Client[]> {
    return this.records<Client>("clients", ids);
  }

  /** Records in the order of `ids`; unknown ids are skipped, repeated ids returned once. */
  private records<T>(kind: RecordKind, ids: readonly string[]): Promise<T[]> {
    return this.run(`get ${kind}`, () => {
      const rows = this.db.prepare(selectByIds(TABLES[kind], "json")).all(JSON.stringify(unique(ids))) as Array<{ value: string }>;
      return rows.map((r) => JSON.parse(r.value) as T);
    });
  }

  allSkills(): Promise<Skill[]> {
    return this.run("allSkills", () => (this.stmts().allSkillJson.all() as Array<{ json: string }>).map((r) => JSON.parse(r.json) as Skill));
  }

  ids(kind: RecordKind): Promise<string[]> {
    return this.run("ids", () => this.db.prepare(`SELECT id FROM ${TABLES[kind]} ORDER BY id`).pluck().all() as string[]);
  }

  skillNeighbours(skillId: string, types?: readonly RelationType[]): Promise<SkillNeighbour[]> {
    return this.run("skillNeighbours", () => this.graph().neighbours(skillId, types));
  }

  expandSkills(seeds: readonly WeightedSkill[], options?: ExpandOptions): Promise<ExpandedSkill[]> {
    return this.run("expandSkills", () => this.graph().expand(seeds, options));
  }

  candidatesBySkills(kind: "freelancers" | "jobs", seeds: readonly WeightedSkill[], options: CandidateOptions): Promise<SkillCandidate[]> {
    return this.run("candidatesBySkills", () => {
      checkLimit(STORE, "candidatesBySkills", options.limit);
      resolveExpandOptions(options.expand, "SqliteGraphStore.candidatesBySkills");
      const expanded = this.graph().expand(seeds, options.expand);
      const table = kind === "freelancers" ? this.freelancerTable : this.jobTable;
      return table.score(expanded, {
        limit: options.limit,
        filter: options.filter,
        includeArchetypes: options.includeArchetypes ?? false,
      });
    });
  }

  skillPaths(fromSkillId: string, toSkillId: string, options: { maxHops?: number; limit?: number } = {}): Promise<PathStep[][]> {
    return this.run("skillPaths", () => this.graph().paths(fromSkillId, toSkillId, options.maxHops ?? 3, options.limit ?? 3));
  }

  compileFilter(kind: "freelancers", filter: FreelancerFilter): Promise<CompiledFilter>;
  compileFilter(kind: "jobs", filter: JobFilter): Promise<CompiledFilter>;
  compileFilter(kind: "freelancers" | "jobs", filter: FreelancerFilter | JobFilter): Promise<CompiledFilter> {
    return this.run("compileFilter", () => {
      if (kind === "freelancers") return this.freelancerTable.compile(filter);
      if (kind === "jobs") return this.jobTable.compile(filter);
      throw new InvalidInputError(`SqliteGraphStore.compileFilter: kind must be "freelancers" or "jobs", got "${String(kind)}"`);
    });
  }

  interactions(query: InteractionQuery): Promise<Interaction[]> {
    return this.run("interactions", () => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.jobId !== undefined) {
        where.push("job_id = ?");
        params.push(query.jobId);
      }
      if (query.freelancerId !== undefined) {
        where.push("freelancer_id = ?");
        params.push(query.freelancerId);
      }
      if (query.jobIds !== undefined) {
        where.push("job_id IN (SELECT value FROM json_each(?))");
        params.push(JSON.stringify(query.jobIds));
      }
      if (query.freelancerIds !== undefined) {
        where.push("freelancer_id IN (SELECT value FROM json_each(?))");
        params.push(JSON.stringify(query.freelancerIds));
      }
      if (query.types !== undefined) {
        where.push("type IN (SELECT value FROM json_each(?))");
        params.push(JSON.stringify(query.types));
      }
      const sql = `SELECT type, job_id AS jobId, freelancer_id AS freelancerId, at, rating FROM interactions
        ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY at, type, job_id, freelancer_id`;
      const rows = this.db.prepare(sql).all(...params) as Array<{ type: InteractionType; jobId: string; freelancerId: string; at: string; rating: number | null }>;
      return rows.map(({ rating, ...rest }) => (rating === null ? rest : { ...rest, rating }));
    });
  }

  /** Pages by id (keyset), so other store calls may run between iterations. */
  async *vectors(kind: VectorKind): AsyncIterable<{ id: string; vector: Float32Array }> {
    let after = "";
    for (;;) {
      const page = await this.run("vectors", () => this.stmts().vectorPage.all(kind, after, VECTOR_PAGE) as Array<{ id: string; data: Buffer }>);
      for (const row of page) yield { id: row.id, vector: toFloat32(row.data) };
      const last = page.at(-1);
      if (last === undefined || page.length < VECTOR_PAGE) return;
      after = last.id;
    }
  }

  vectorGeneration(kind: VectorKind): Promise<number> {
    return this.run("vectorGeneration", () => (this.stmts().generation.get(kind) as { value: number } | undefined)?.value ?? 0);
  }

  vectorChanges(kind: VectorKind, afterGeneration: number): Promise<VectorChanges> {
    return this.run("vectorChanges", () => {
      checkGeneration(STORE, "vectorChanges", afterGeneration);
      const s = this.stmts();
      // One read transaction: the trim mark and the rows agree even with another process writing.
      return this.db.transaction((): VectorChanges => {
        const trimmed = (s.logTrimmed.get(kind) as { value: number } | undefined)?.value ?? 0;
        const rows = s.vectorChanges.all({ kind, after: afterGeneration }) as Array<{ id: string; data: Buffer | null }>;
        return { complete: trimmed <= afterGeneration, changes: rows.map((r) => ({ id: r.id, vector: r.data === null ? null : toFloat32(r.data) })) };
      })();
    });
  }

  trimVectorLog(kind: VectorKind, throughGeneration: number): Promise<void> {
    return this.run("trimVectorLog", () => {
      checkGeneration(STORE, "trimVectorLog", throughGeneration);
      const s = this.stmts();
      this.db.transaction(() => {
        const current = (s.generation.get(kind) as { value: number } | undefined)?.value ?? 0;
        const through = Math.min(throughGeneration, current);
        s.trimLog.run(kind, through);
        s.markTrimmed.run(through, kind);
      })();
    });
  }

  stats(): Promise<StoreStats> {
    return this.run("stats", () => {
      const s = this.stmts();
      const c = s.stats.get() as Record<string, number>;
      const count = (key: string): number => c[key] ?? 0;
      const interactions = Object.fromEntries(INTERACTION_TYPES.map((t) => [t, 0])) as Record<InteractionType, number>;
      for (const r of s.interactionCounts.all() as Array<{ type: InteractionType; n: number }>) interactions[r.type] = r.n;
      const vectors = Object.fromEntries(VECTOR_KINDS.map((k) => [k, 0])) as Record<VectorKind, number>;
      for (const r of s.vectorCounts.all() as Array<{ kind: VectorKind; n: number }>) vectors[r.kind] = r.n;
      return {
        nodes: { skills: count("skills"), freelancers: count("freelancers"), archetypes: count("archetypes"), jobs: count("jobs"), clients: count("clients") },
        edges: { RELATED_TO: count("related"), BROADER_THAN: count("broader"), HAS_SKILL: count("hasSkill"), REQUIRES: count("requires"), POSTED: count("posted") },
        interactions,
        vectors,
      };
    });
  }

  close(): Promise<void> {
    return this.run("close", () => this.closeSync());
  }

  /** Closes the connection; idempotent. */
  closeSync(): void {
    if (this.db.open) this.db.close();
  }

  // ---- internals -------------------------------------------------------------------------

  private stmts(): Statements {
    if (this.statements === undefined) {
      throw new TalentgraphError("INTERNAL", "SqliteGraphStore: used before migrate(); open stores with openSqliteGraphStore()");
    }
    return this.statements;
  }

  private names(): Map<string, string> {
    this.skillNames ??= new Map(this.stmts().skillNames.raw().all() as Array<[string, string]>);
    return this.skillNames;
  }

  private graph(): SkillGraph {
    if (this.skillGraph === undefined) {
      const s = this.stmts();
      this.skillGraph = new SkillGraph(s.allSkillIds.pluck().all() as string[], s.allRelations.all() as SkillRelation[]);
    }
    return this.skillGraph;
  }

  /** Runs a synchronous body as a port call: one place where foreign errors are translated. */
  private run<T>(operation: string, body: () => T): Promise<T> {
    try {
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(translateError(`SqliteGraphStore.${operation}`, this.where, error));
    }
  }
}

function prepareAll(db: Database.Database): Statements {
  return Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)])) as Statements;
}

/** A stored vector as its own Float32Array (a copy: the Buffer's memory may be unaligned for a view). */
function toFloat32(data: Buffer): Float32Array {
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  return new Float32Array(bytes.buffer);
}


function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** The one place SQLite errors become catalogue errors (keeping the original as `cause`). */
function translateError(operation: string, where: string, error: unknown): Error {
  if (error instanceof TalentgraphError) return error;
  if (error instanceof Database.SqliteError) {
    const code = error.code;
    if (code.startsWith("SQLITE_CONSTRAINT")) {
      return new InvalidInputError(`${operation}: ${error.message} (${code}) in ${where}; nothing was written`, { cause: error });
    }
    if (code === "SQLITE_CORRUPT" || code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) {
      return new IndexCorruptError(`${operation}: ${where} is not a valid talentgraph database (${code}); restore it or re-run ingest into a new file`, { cause: error });
    }
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_FULL") || code.startsWith("SQLITE_READONLY")) {
      return new BackendUnavailableError(`${operation}: ${where} is unavailable (${code}: ${error.message}); check the path, permissions and disk space`, { cause: error });
    }
  }
  if (error instanceof TypeError && /database connection is not open/i.test(error.message)) {
    return new BackendUnavailableError(`${operation}: ${where} is closed; open a new store`, { cause: error });
  }
  return new TalentgraphError("INTERNAL", `${operation}: unexpected error in ${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
