/**
 * The Neo4j GraphStore (5.x, Aura, clusters) through neo4j-driver: parameterised Cypher only (every
 * statement is in cypher.ts), managed transactions (`executeRead`/`executeWrite`, so the driver
 * retries transient errors), batched UNWIND writes, driver values converted at the boundary
 * (neo4j-values.ts). Same contract and same answers as the embedded SqliteGraphStore:
 * - Traversals run in the database one layer at a time: the shared traversals of skill-graph.ts ask
 *   for each layer's neighbours and one Cypher query answers (ordered and degree-capped there).
 * - Candidates by skills: the database returns the skill edges of the expanded skills' holders and
 *   the shared SkillPostings scores them, summing in the same order as the embedded store.
 * - Filters compile against a read replica of the filter attributes (neo4j-replica.ts), the same
 *   column code as the embedded store; the replica also answers record reads while Neo4j is away.
 * Write semantics are the embedded store's (see sqlite-graph-store.ts): deletes first, then skills,
 * relations, freelancers, jobs, clients, interactions; unknown skills fail the whole batch.
 *
 * Availability: a call that finds the server unreachable fails with BACKEND_UNAVAILABLE naming the
 * URI, and for `breakerMs` afterwards calls fail at once instead of each waiting out the driver's
 * retries; then the next call tries again, so the store recovers without a restart.
 */
import neo4j, { type Driver, type ManagedTransaction } from "neo4j-driver";
import { BackendUnavailableError, ConfigInvalidError, InvalidInputError } from "../../core/errors.js";
import type { FreelancerFilter, JobFilter } from "../../core/filters.js";
import { silentLogger, type Logger } from "../../core/logger.js";
import { compareIds } from "../../core/order.js";
import type { Client, Freelancer, Interaction, InteractionType, Job, RelationType, Skill, VectorKind } from "../../core/records.js";
import { INTERACTION_TYPES, RELATION_TYPES, VECTOR_KINDS } from "../../core/records.js";
import { freelancerDocument, jobDocument, skillDocument, skillNamesText } from "../../keyword/keyword-document.js";
import type { FreelancerFilterRow, JobFilterRow } from "../filter-columns.js";
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
  Upsert,
  VectorChanges,
  WeightedSkill,
  WriteBatch,
} from "../graph-store.js";
import { compareNeighbours, expandTraversal, pathsTraversal, resolveExpandOptions, runTraversalAsync, type Adjacency } from "../skill-graph.js";
import { SkillPostings } from "../skill-postings.js";
import { checkGeneration, checkLimit, checkRelation, checkSkillKnown, checkVector, freelancerSkillEdges, jobSkillEdges } from "../write-rules.js";
import { CYPHER, FULLTEXT_INDEXES, LABELS, META, SKILL_EDGE } from "./cypher.js";
import { isUnreachable, translateNeo4jError } from "./neo4j-errors.js";
import { checkNeo4jVersion, runNeo4jMigrations, type MigrationResult } from "./neo4j-migrations.js";
import { Neo4jReplica, type ReplicaEntry } from "./neo4j-replica.js";
import { int, toNumberOrNull, toPlain, toTextOrNull, toVector } from "./neo4j-values.js";

export interface Neo4jGraphStoreOptions {
  /** bolt://, neo4j:// (routing, clusters and Aura), or their +s/+ssc TLS variants. */
  uri: string;
  user: string;
  password: string;
  /** Database name; default: the server's default database. */
  database?: string;
  /** Rows per UNWIND statement in writes (all statements of a batch share one transaction); default 1000. */
  batchSize?: number;
  /** How long the driver keeps retrying a transaction on transient errors, ms; default 5000. */
  retryMs?: number;
  /** Connection timeout, ms; default 5000. */
  connectTimeoutMs?: number;
  /** After the server was found unreachable, calls fail at once for this long, ms; default 2000. */
  breakerMs?: number;
  /** Apply pending migrations when first connected; default true. */
  migrate?: boolean;
  logger?: Logger;
}

type Row = Record<string, unknown>;
type Runner = (query: string, params?: Row) => Promise<Row[]>;

/** Rows of a result as plain objects (driver values converted). */
async function runOn(tx: ManagedTransaction, query: string, params: Row = {}): Promise<Row[]> {
  const result = await tx.run(query, params);
  return result.records.map((r) => toPlain(r.toObject()) as Row);
}

/** This adapter's name in messages. */
const STORE = "Neo4jGraphStore";
const unique = (ids: readonly string[]): string[] => [...new Set(ids)];
const VECTOR_PAGE = 1000;
/** A degree cap that never binds (neighbour lists for paths and skillNeighbours are complete). */
const NO_CAP = 1_000_000;

/**
 * Opens a Neo4j store and connects now: checks the server version (CONFIG_INVALID below 5.x) and,
 * unless `migrate` is false, applies pending migrations. Fails with BACKEND_UNAVAILABLE naming the
 * URI when the server cannot be reached. (`new Neo4jGraphStore` instead connects on first use, so a
 * server can start while Neo4j is still down and report it through readiness.)
 */
export async function openNeo4jGraphStore(options: Neo4jGraphStoreOptions): Promise<Neo4jGraphStore> {
  const store = new Neo4jGraphStore(options);
  try {
    await store.connect();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export class Neo4jGraphStore implements GraphStore {
  readonly uri: string;
  private readonly driver: Driver;
  private readonly database: string | undefined;
  private readonly batchSize: number;
  private readonly breakerMs: number;
  private readonly logger: Logger;
  private readonly replica: Neo4jReplica;
  /** Until this time (ms since epoch) calls fail at once: the server was just found unreachable. */
  private downUntil = 0;
  private closed = false;
  private readonly migrateOnConnect: boolean;
  /** Version check and migrations, once per store (retried after a failure). */
  private connected: Promise<void> | undefined;
  /**
   * Shared by every session of this store, so each read sees this store's earlier writes even on a
   * cluster, where a read may be routed to a follower (causal consistency through bookmarks).
   */
  private readonly bookmarks = neo4j.bookmarkManager();

  constructor(options: Neo4jGraphStoreOptions) {
    this.uri = options.uri;
    this.database = options.database;
    this.batchSize = options.batchSize ?? 1000;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new ConfigInvalidError(`Neo4jGraphStore: batchSize must be a positive integer, got ${this.batchSize}`);
    this.breakerMs = options.breakerMs ?? 2000;
    this.migrateOnConnect = options.migrate ?? true;
    this.logger = options.logger ?? silentLogger;
    try {
      this.driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
        maxTransactionRetryTime: options.retryMs ?? 5000,
        connectionTimeout: options.connectTimeoutMs ?? 5000,
        connectionAcquisitionTimeout: (options.connectTimeoutMs ?? 5000) + 1000,
        disableLosslessIntegers: false,
        logging: { level: "warn", logger: (level, message) => this.logger.warn(`neo4j-driver ${level}: ${message}`) },
      });
    } catch (error) {
      throw new ConfigInvalidError(`Neo4jGraphStore: cannot use NEO4J_URI ${JSON.stringify(options.uri)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    this.replica = new Neo4jReplica(
      {
        writeSequence: () => this.meta("replica", META.writes),
        freelancerRows: (ids) => this.freelancerRows(ids),
        jobRows: (ids) => this.jobRows(ids),
      },
      this.logger,
    );
  }

  // ---- sessions ---------------------------------------------------------------------------

  /**
   * Checks the server version and applies migrations (when configured) unless done already; every
   * call does it first. A failure is not kept: the next call tries again.
   */
  connect(): Promise<void> {
    this.connected ??= (async () => {
      const server = await this.checkServer();
      if (this.migrateOnConnect) {
        const result = await this.migrateReport();
        if (result.applied.length > 0) this.logger.info(`Neo4j at ${this.uri}: applied schema migrations ${result.applied.map((m) => `${m.version}-${m.name}`).join(", ")}`);
      }
      this.logger.debug(`connected to Neo4j ${server.version} (${server.edition}) at ${this.uri}`);
    })().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  private async session<T>(operation: string, mode: "read" | "write", work: (run: Runner) => Promise<T>, connecting = false): Promise<T> {
    if (this.closed) throw new BackendUnavailableError(`Neo4jGraphStore.${operation}: the store is closed; open a new one`);
    if (Date.now() < this.downUntil) {
      throw new BackendUnavailableError(`Neo4jGraphStore.${operation}: Neo4j at ${this.uri} was unreachable moments ago; retrying after ${new Date(this.downUntil).toISOString()}`);
    }
    if (!connecting) await this.connect();
    const session = this.driver.session({
      ...(this.database === undefined ? {} : { database: this.database }),
      defaultAccessMode: mode === "read" ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
    });
    try {
      const body = (tx: ManagedTransaction): Promise<T> => work((query, params) => runOn(tx, query, params));
      return mode === "read" ? await session.executeRead(body) : await session.executeWrite(body);
    } catch (error) {
      // Only an unreachable server trips the breaker; a transient error (a deadlock under write load) is this call's alone.
      if (isUnreachable(error)) this.downUntil = Date.now() + this.breakerMs;
      throw translateNeo4jError(`Neo4jGraphStore.${operation}`, this.uri, error);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  private read(operation: string, query: string, params: Row = {}): Promise<Row[]> {
    return this.session(operation, "read", (run) => run(query, params));
  }

  private async meta(operation: string, key: string): Promise<number> {
    const [row] = await this.read(operation, CYPHER.readMeta, { key });
    return toNumberOrNull(row?.value) ?? 0;
  }

  // ---- server and schema ------------------------------------------------------------------

  /** Connects and checks the server version (CONFIG_INVALID when unsupported). */
  async checkServer(): Promise<{ version: string; edition: string }> {
    const rows = await this.session("checkServer", "read", (run) => run(CYPHER.components), true);
    const kernel = rows.find((r) => r.name === "Neo4j Kernel") ?? rows[0];
    const version = toTextOrNull((kernel?.versions as unknown[] | undefined)?.[0]) ?? "unknown";
    checkNeo4jVersion(version, this.uri);
    return { version, edition: toTextOrNull(kernel?.edition) ?? "unknown" };
  }

  async migrate(): Promise<void> {
    await this.checkServer();
    await this.migrateReport();
  }

  /** Applies pending migrations and says which. */
  async migrateReport(): Promise<MigrationResult> {
    return runNeo4jMigrations(
      {
        read: async <T>(query: string, params?: Row) => (await this.session("migrate", "read", (run) => run(query, params), true)) as T[],
        schema: async (query) => {
          if (this.closed) throw new BackendUnavailableError("Neo4jGraphStore.migrate: the store is closed");
          const session = this.driver.session(this.database === undefined ? {} : { database: this.database });
          try {
            await session.run(query);
          } catch (error) {
            throw translateNeo4jError("Neo4jGraphStore.migrate", this.uri, error);
          } finally {
            await session.close().catch(() => undefined);
          }
        },
        write: async (query, params) => {
          await this.session("migrate", "write", (run) => run(query, params), true);
        },
      },
      this.uri,
    );
  }

  // ---- writes -----------------------------------------------------------------------------

  async write(batch: WriteBatch): Promise<void> {
    for (const [kind, ups] of [["skills", batch.skills], ["freelancers", batch.freelancers], ["jobs", batch.jobs]] as const) {
      for (const u of ups ?? []) {
        if (u.vector !== undefined) checkVector(STORE, kind, u.record.id, u.vector);
      }
    }
    const { sequence, touched } = await this.session("write", "write", (run) => this.applyBatch(run, batch));
    this.replica.recordOwnWrite(sequence, { freelancers: [...touched.freelancers], jobs: [...touched.jobs], skills: touched.skills });
  }

  /** Runs `query` over `rows` in UNWIND chunks of batchSize; returns every chunk's rows. */
  private async chunked(run: Runner, query: string, key: string, rows: readonly unknown[], extra: Row = {}): Promise<Row[]> {
    const out: Row[] = [];
    for (let i = 0; i < rows.length; i += this.batchSize) out.push(...(await run(query, { ...extra, [key]: rows.slice(i, i + this.batchSize) })));
    return out;
  }

  private async applyBatch(run: Runner, batch: WriteBatch): Promise<{ sequence: number; touched: { skills: boolean; freelancers: Set<string>; jobs: Set<string> } }> {
    const touched = { skills: false, freelancers: new Set<string>(), jobs: new Set<string>() };
    const vectorChanges = new Map<VectorKind, Set<string>>(VECTOR_KINDS.map((k) => [k, new Set<string>()]));
    const reindex = { freelancers: new Set<string>(), jobs: new Set<string>() };
    const collectHolders = async (skillIds: string[]): Promise<void> => {
      if (skillIds.length === 0) return;
      for (const r of await this.chunked(run, CYPHER.skillHolders, "ids", skillIds)) reindex[r.kind as "freelancers" | "jobs"].add(String(r.id));
    };

    // Deletes first (a record deleted and re-created in one batch ends up present).
    const deletes = (kind: RecordKind): string[] => unique((batch.deletes ?? []).filter((d) => d.kind === kind).map((d) => d.id));
    await collectHolders(deletes("skills"));
    for (const kind of ["skills", "freelancers", "jobs", "clients"] as const) {
      const ids = deletes(kind);
      if (ids.length === 0) continue;
      for (const r of await this.chunked(run, CYPHER.deleteRecords(kind), "ids", ids)) {
        const id = String(r.id);
        if (kind !== "clients" && r.hadVector === true) vectorChanges.get(kind)!.add(id);
        if (kind === "skills") touched.skills = true;
        if (kind === "freelancers" || kind === "jobs") {
          touched[kind].add(id);
          reindex[kind].delete(id);
        }
      }
    }

    // Skills: a renamed skill changes the keyword text of every record holding it.
    const skills = batch.skills ?? [];
    if (skills.length > 0) {
      const before = await this.chunked(run, CYPHER.skillNames, "ids", unique(skills.map((u) => u.record.id)));
      const oldNames = new Map(before.map((r) => [String(r.id), String(r.name)]));
      await collectHolders(unique(skills.filter((u) => oldNames.has(u.record.id) && oldNames.get(u.record.id) !== u.record.name).map((u) => u.record.id)));
      const rows = skills.map(({ record, hash, vector }) => {
        const [kwName, kwAliases, kwDescription] = skillDocument(record);
        return { id: record.id, json: JSON.stringify(record), hash, name: record.name, kwName, kwAliases, kwDescription, embedding: vector === undefined ? null : Array.from(vector) };
      });
      await this.chunked(run, CYPHER.upsertSkills, "rows", lastPerId(rows));
      for (const u of skills) if (u.vector !== undefined) vectorChanges.get("skills")!.add(u.record.id);
      touched.skills = true;
    }

    // Every skill the batch refers to must exist now (stored or written above).
    const referenced = unique([
      ...(batch.skillRelations ?? []).flatMap((r) => [r.from, r.to]),
      ...(batch.freelancers ?? []).flatMap((u) => u.record.skills.map((s) => s.skillId)),
      ...(batch.jobs ?? []).flatMap((u) => u.record.skills.map((s) => s.skillId)),
    ]);
    const names = new Map((await this.chunked(run, CYPHER.skillNames, "ids", referenced)).map((r) => [String(r.id), String(r.name)]));
    const knows = (skillId: string): boolean => names.has(skillId);

    for (const type of RELATION_TYPES) {
      const rows = (batch.skillRelations ?? []).filter((r) => r.type === type);
      for (const r of rows) checkRelation(STORE, r, knows);
      if (rows.length > 0) {
        await this.chunked(run, CYPHER.upsertRelations(type), "rows", rows.map(({ from, to, weight }) => ({ from, to, weight })));
        touched.skills = true;
      }
      const removed = (batch.removeSkillRelations ?? []).filter((r) => r.type === type).map(({ from, to }) => ({ from, to }));
      if (removed.length > 0) {
        const counts = await this.chunked(run, CYPHER.removeRelations(type), "rows", removed);
        if (counts.some((c) => (toNumberOrNull(c.removed) ?? 0) > 0)) touched.skills = true;
      }
    }

    // Freelancers and jobs: node properties, then their skill edges (replaced wholesale).
    const writeEntities = async <T extends Freelancer | Job>(kind: "freelancers" | "jobs", ups: ReadonlyArray<Upsert<T>>, describe: (record: T) => { props: Row; edges: Row[] }): Promise<void> => {
      if (ups.length === 0) return;
      await this.chunked(run, CYPHER.clearSkillEdges(kind), "ids", unique(ups.map((u) => u.record.id)));
      const edges = new Map<string, Row[]>();
      const rows = ups.map(({ record, hash, vector }) => {
        for (const sk of record.skills) checkSkillKnown(STORE, `${kind === "freelancers" ? "freelancer" : "job"} "${record.id}"`, sk.skillId, knows);
        const d = describe(record);
        edges.set(record.id, d.edges);
        return { id: record.id, props: { json: JSON.stringify(record), hash, ...d.props }, embedding: vector === undefined ? null : Array.from(vector) };
      });
      await this.chunked(run, CYPHER.upsertEntities(kind), "rows", lastPerId(rows));
      await this.chunked(run, kind === "freelancers" ? CYPHER.insertFreelancerSkills : CYPHER.insertJobSkills, "rows", [...edges.values()].flat());
      for (const u of ups) {
        touched[kind].add(u.record.id);
        reindex[kind].delete(u.record.id);
        if (u.vector !== undefined) vectorChanges.get(kind)!.add(u.record.id);
      }
    };
    await writeEntities("freelancers", batch.freelancers ?? [], (f) => {
      const [kwTitle, kwOverview, kwSkills] = freelancerDocument(f, names);
      return {
        props: {
          archetype: f.archetype === true,
          hourlyRate: f.hourlyRate ?? null,
          country: f.country ?? null,
          available: f.available ?? null,
          rating: f.rating ?? null,
          jobSuccess: f.jobSuccess ?? null,
          kwTitle,
          kwOverview,
          kwSkills,
        },
        edges: freelancerSkillEdges(f).map((e) => ({ id: f.id, ...e })),
      };
    });
    await writeEntities("jobs", batch.jobs ?? [], (j) => {
      const [kwTitle, kwDescription, kwSkills] = jobDocument(j, names);
      return {
        props: {
          budgetType: j.budget?.type ?? null,
          budgetMin: j.budget?.min ?? null,
          budgetMax: j.budget?.max ?? null,
          experienceLevel: j.experienceLevel ?? null,
          status: j.status,
          postedAt: j.postedAt ?? null,
          country: j.country ?? null,
          clientId: j.clientId ?? null,
          kwTitle,
          kwDescription,
          kwSkills,
        },
        edges: jobSkillEdges(j).map((e) => ({ id: j.id, ...e })),
      };
    });

    const clients = (batch.clients ?? []).map(({ record, hash }) => ({ id: record.id, props: { json: JSON.stringify(record), hash }, embedding: null }));
    if (clients.length > 0) await this.chunked(run, CYPHER.upsertEntities("clients"), "rows", lastPerId(clients));

    const interactions = (batch.interactions ?? []).map((i) => ({
      key: JSON.stringify([i.type, i.jobId, i.freelancerId, i.at]),
      type: i.type,
      jobId: i.jobId,
      freelancerId: i.freelancerId,
      at: i.at,
      rating: i.rating ?? null,
    }));
    if (interactions.length > 0) await this.chunked(run, CYPHER.insertInteractions, "rows", interactions);

    // Keyword text of records whose skills were renamed or deleted.
    for (const kind of ["freelancers", "jobs"] as const) {
      const ids = [...reindex[kind]];
      if (ids.length === 0) continue;
      const records = (await this.chunked(run, CYPHER.records(kind), "ids", ids)).map((r) => JSON.parse(String(r.json)) as Freelancer | Job);
      const skillIds = unique(records.flatMap((r) => r.skills.map((s) => s.skillId)));
      const current = new Map((await this.chunked(run, CYPHER.skillNames, "ids", skillIds)).map((r) => [String(r.id), String(r.name)]));
      const rows = records.map((r) => ({ id: r.id, kwSkills: skillNamesText(r.skills.map((s) => s.skillId), current) }));
      await this.chunked(run, CYPHER.setKeywordSkills(kind), "rows", rows);
      for (const r of records) touched[kind].add(r.id);
    }

    // The vector log: one generation per kind and batch, every changed id logged under it.
    for (const [kind, ids] of vectorChanges) {
      if (ids.size === 0) continue;
      const [row] = await run(CYPHER.bumpMeta, { key: META.generation(kind) });
      const generation = toNumberOrNull(row?.value) ?? 0;
      await this.chunked(run, CYPHER.logVectors, "ids", [...ids], { kind, generation });
    }
    const [seq] = await run(CYPHER.bumpMeta, { key: META.writes });
    return { sequence: toNumberOrNull(seq?.value) ?? 0, touched };
  }

  // ---- records ----------------------------------------------------------------------------

  async contentHashes(kind: RecordKind, ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.session("contentHashes", "read", (run) => this.chunked(run, CYPHER.hashes(kind), "ids", unique(ids)));
    return new Map(rows.map((r) => [String(r.id), String(r.hash)]));
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

  /**
   * Records in the order of `ids`; unknown ids skipped, repeats returned once. While the server is
   * unavailable, freelancers and jobs come from the replica (as last seen) when it is loaded.
   */
  private async records<T>(kind: RecordKind, ids: readonly string[]): Promise<T[]> {
    const wanted = unique(ids);
    if (wanted.length === 0) return [];
    try {
      const rows = await this.session(`get ${kind}`, "read", (run) => this.chunked(run, CYPHER.records(kind), "ids", wanted));
      const byId = new Map(rows.map((r) => [String(r.id), String(r.json)]));
      return wanted.flatMap((id) => (byId.has(id) ? [JSON.parse(byId.get(id)!) as T] : []));
    } catch (error) {
      if (error instanceof BackendUnavailableError && (kind === "freelancers" || kind === "jobs") && this.replica.loaded) {
        return this.replica.json(kind, wanted).map((json) => JSON.parse(json) as T);
      }
      throw error;
    }
  }

  async allSkills(): Promise<Skill[]> {
    const rows = await this.read("allSkills", CYPHER.allSkillJson);
    return rows.sort((a, b) => compareIds(String(a.id), String(b.id))).map((r) => JSON.parse(String(r.json)) as Skill);
  }

  async ids(kind: RecordKind): Promise<string[]> {
    if (!(kind in LABELS)) throw new InvalidInputError(`Neo4jGraphStore.ids: unknown kind "${String(kind)}"`);
    return (await this.read("ids", CYPHER.allIds(kind))).map((r) => String(r.id)).sort(compareIds);
  }

  // ---- traversal --------------------------------------------------------------------------

  /** One traversal step in the database: neighbours of `ids` over `types`, at most `cap` each, in port order. */
  private async adjacency(operation: string, ids: readonly string[], types: readonly RelationType[], cap: number): Promise<Adjacency> {
    const rows = await this.read(operation, CYPHER.neighbours, { ids: [...ids], types: [...types], cap: int(cap) });
    const out = new Map<string, SkillNeighbour[]>();
    for (const r of rows) {
      const list = ((r.neighbours as Row[] | null) ?? [])
        .filter((n) => n !== null)
        .map((n) => ({ skillId: String(n.skillId), type: n.type as RelationType, direction: n.direction as "out" | "in", weight: Number(n.weight) }));
      out.set(String(r.id), list.sort(compareNeighbours));
    }
    return out;
  }

  async skillNeighbours(skillId: string, types: readonly RelationType[] = RELATION_TYPES): Promise<SkillNeighbour[]> {
    return [...((await this.adjacency("skillNeighbours", [skillId], types, NO_CAP)).get(skillId) ?? [])];
  }

  async expandSkills(seeds: readonly WeightedSkill[], options?: ExpandOptions): Promise<ExpandedSkill[]> {
    const opts = resolveExpandOptions(options);
    return runTraversalAsync(expandTraversal(seeds, opts), (ids) => this.adjacency("expandSkills", ids, opts.types, opts.degreeCap));
  }

  async candidatesBySkills(kind: "freelancers" | "jobs", seeds: readonly WeightedSkill[], options: CandidateOptions): Promise<SkillCandidate[]> {
    checkLimit(STORE, "candidatesBySkills", options.limit);
    const opts = resolveExpandOptions(options.expand, "Neo4jGraphStore.candidatesBySkills");
    const expanded = await runTraversalAsync(expandTraversal(seeds, opts), (ids) => this.adjacency("candidatesBySkills", ids, opts.types, opts.degreeCap));
    if (expanded.length === 0 || options.limit === 0) return [];
    const rows = await this.session("candidatesBySkills", "read", (run) => this.chunked(run, CYPHER.postings(kind), "skillIds", expanded.map((x) => x.skillId)));
    const postings = rows.map((r) => ({ entityId: String(r.entityId), skillId: String(r.skillId), weight: Number(r.weight) }));
    const entityIds = unique(postings.map((p) => p.entityId)).sort(compareIds);
    const ordinalOf = new Map(entityIds.map((id, i) => [id, i]));
    const archetype = new Uint8Array(entityIds.length);
    for (const r of rows) if (r.archetype === true) archetype[ordinalOf.get(String(r.entityId))!] = 1;
    return new SkillPostings(entityIds, ordinalOf, postings, archetype).score(expanded, {
      limit: options.limit,
      filter: options.filter,
      includeArchetypes: options.includeArchetypes ?? false,
    });
  }

  async skillPaths(fromSkillId: string, toSkillId: string, options: { maxHops?: number; limit?: number } = {}): Promise<PathStep[][]> {
    return runTraversalAsync(pathsTraversal(fromSkillId, toSkillId, options.maxHops ?? 3, options.limit ?? 3), (ids) => this.adjacency("skillPaths", ids, RELATION_TYPES, NO_CAP));
  }

  async interactions(query: InteractionQuery): Promise<Interaction[]> {
    const conditions: string[] = [];
    const params: Row = {};
    for (const key of ["jobId", "freelancerId", "jobIds", "freelancerIds", "types"] as const) {
      const value = query[key];
      if (value === undefined) continue;
      conditions.push(CYPHER.interactionConditions[key]);
      params[key] = typeof value === "string" ? value : [...value];
    }
    const rows = await this.read("interactions", CYPHER.interactions(conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : ""), params);
    return rows
      .map((r): Interaction => {
        const base = { type: r.type as InteractionType, jobId: String(r.jobId), freelancerId: String(r.freelancerId), at: String(r.at) };
        const rating = toNumberOrNull(r.rating);
        return rating === null ? base : { ...base, rating };
      })
      .sort((a, b) => compareIds(a.at, b.at) || compareIds(a.type, b.type) || compareIds(a.jobId, b.jobId) || compareIds(a.freelancerId, b.freelancerId));
  }

  // ---- keyword (for Neo4jKeywordIndex) ---------------------------------------------------

  /**
   * BM25 hits of a Lucene query on a kind's full-text index, best first (ties by id), at most
   * `limit`. For the sibling Neo4jKeywordIndex; not part of the GraphStore port.
   */
  async fulltext(kind: "freelancers" | "jobs" | "skills", luceneQuery: string, limit: number): Promise<Array<{ id: string; score: number; archetype: boolean }>> {
    const rows = await this.read("fulltext", CYPHER.fulltext, { index: FULLTEXT_INDEXES[kind], query: luceneQuery, limit: int(limit) });
    return rows
      .map((r) => ({ id: String(r.id), score: Number(r.score), archetype: r.archetype === true }))
      .sort((a, b) => b.score - a.score || compareIds(a.id, b.id));
  }

  // ---- filters (the replica) ---------------------------------------------------------------

  compileFilter(kind: "freelancers", filter: FreelancerFilter): Promise<CompiledFilter>;
  compileFilter(kind: "jobs", filter: JobFilter): Promise<CompiledFilter>;
  async compileFilter(kind: "freelancers" | "jobs", filter: FreelancerFilter | JobFilter): Promise<CompiledFilter> {
    if (kind !== "freelancers" && kind !== "jobs") throw new InvalidInputError(`Neo4jGraphStore.compileFilter: kind must be "freelancers" or "jobs", got "${String(kind)}"`);
    await this.replica.fresh();
    return kind === "freelancers" ? this.replica.freelancerTable.compile(filter) : this.replica.jobTable.compile(filter);
  }

  private async freelancerRows(ids: readonly string[] | "all"): Promise<Array<ReplicaEntry<FreelancerFilterRow>>> {
    const rows = await this.session("replica", "read", (run) =>
      ids === "all" ? run(CYPHER.freelancerRows("all")) : this.chunked(run, CYPHER.freelancerRows("ids"), "ids", [...ids]),
    );
    return rows.map((r) => ({
      row: {
        id: String(r.id),
        archetype: r.archetype === true ? 1 : 0,
        hourlyRate: toNumberOrNull(r.hourlyRate),
        country: toTextOrNull(r.country),
        available: r.available === null ? null : r.available === true ? 1 : 0,
        rating: toNumberOrNull(r.rating),
        jobSuccess: toNumberOrNull(r.jobSuccess),
      },
      json: String(r.json),
      skills: skillPairs(r.skills),
    }));
  }

  private async jobRows(ids: readonly string[] | "all"): Promise<Array<ReplicaEntry<JobFilterRow>>> {
    const rows = await this.session("replica", "read", (run) => (ids === "all" ? run(CYPHER.jobRows("all")) : this.chunked(run, CYPHER.jobRows("ids"), "ids", [...ids])));
    const text = toTextOrNull;
    return rows.map((r) => ({
      row: {
        id: String(r.id),
        budgetType: text(r.budgetType),
        budgetMin: toNumberOrNull(r.budgetMin),
        budgetMax: toNumberOrNull(r.budgetMax),
        experienceLevel: text(r.experienceLevel),
        status: String(r.status),
        postedAt: text(r.postedAt),
        country: text(r.country),
      },
      json: String(r.json),
      skills: skillPairs(r.skills),
    }));
  }

  // ---- vectors ----------------------------------------------------------------------------

  async *vectors(kind: VectorKind): AsyncIterable<{ id: string; vector: Float32Array }> {
    let after = "";
    for (;;) {
      const page = await this.read("vectors", CYPHER.vectorPage(kind), { after, limit: int(VECTOR_PAGE) });
      for (const row of page) yield { id: String(row.id), vector: toVector(row.vector) };
      const last = page.at(-1);
      if (last === undefined || page.length < VECTOR_PAGE) return;
      after = String(last.id);
    }
  }

  vectorGeneration(kind: VectorKind): Promise<number> {
    return this.meta("vectorGeneration", META.generation(kind));
  }

  async vectorChanges(kind: VectorKind, afterGeneration: number): Promise<VectorChanges> {
    checkGeneration(STORE, "vectorChanges", afterGeneration);
    // One read transaction: the trim mark and the rows agree even with another process writing.
    return this.session("vectorChanges", "read", async (run) => {
      const [trim] = await run(CYPHER.readMeta, { key: META.trimmed(kind) });
      const trimmed = toNumberOrNull(trim?.value) ?? 0;
      const rows = await run(CYPHER.vectorChanges(kind), { kind, after: afterGeneration });
      const changes = rows
        .map((r) => ({ id: String(r.id), vector: r.vector === null ? null : toVector(r.vector) }))
        .sort((a, b) => compareIds(a.id, b.id));
      return { complete: trimmed <= afterGeneration, changes };
    });
  }

  async trimVectorLog(kind: VectorKind, throughGeneration: number): Promise<void> {
    checkGeneration(STORE, "trimVectorLog", throughGeneration);
    await this.session("trimVectorLog", "write", async (run) => {
      const [row] = await run(CYPHER.readMeta, { key: META.generation(kind) });
      const through = Math.min(throughGeneration, toNumberOrNull(row?.value) ?? 0);
      await run(CYPHER.trimLog, { kind, through });
      await run(CYPHER.raiseMeta, { key: META.trimmed(kind), value: through });
    });
  }

  // ---- stats and lifecycle ----------------------------------------------------------------

  stats(): Promise<StoreStats> {
    return this.session("stats", "read", async (run) => {
      const count = async (query: string): Promise<number> => toNumberOrNull((await run(query))[0]?.n) ?? 0;
      const freelancersAll = await count(CYPHER.countNodes("Freelancer"));
      const archetypes = await count(CYPHER.countArchetypes);
      const interactions = Object.fromEntries(INTERACTION_TYPES.map((t) => [t, 0])) as Record<InteractionType, number>;
      for (const r of await run(CYPHER.interactionCounts)) interactions[r.type as InteractionType] = toNumberOrNull(r.n) ?? 0;
      const vectors = Object.fromEntries(VECTOR_KINDS.map((k) => [k, 0])) as Record<VectorKind, number>;
      for (const k of VECTOR_KINDS) vectors[k] = await count(CYPHER.countVectors(k));
      return {
        nodes: {
          skills: await count(CYPHER.countNodes("Skill")),
          freelancers: freelancersAll - archetypes,
          archetypes,
          jobs: await count(CYPHER.countNodes("Job")),
          clients: await count(CYPHER.countNodes("Client")),
        },
        edges: {
          RELATED_TO: await count(CYPHER.countEdges("RELATED_TO")),
          BROADER_THAN: await count(CYPHER.countEdges("BROADER_THAN")),
          HAS_SKILL: await count(CYPHER.countEdges(SKILL_EDGE.freelancers)),
          REQUIRES: await count(CYPHER.countEdges(SKILL_EDGE.jobs)),
          POSTED: await count(CYPHER.countPosted),
        },
        interactions,
        vectors,
      };
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.driver.close();
  }
}

/** The [skill id, weight] pairs of a replica row (null entries from OPTIONAL MATCH dropped). */
function skillPairs(value: unknown): Array<[string, number]> {
  return ((value as unknown[] | null) ?? []).filter((p): p is [unknown, unknown] => Array.isArray(p)).map(([id, w]) => [String(id), Number(w)]);
}

/**
 * The last row per id: a batch may upsert a record twice, and as in the embedded store the later
 * one wins, except that a later upsert without a vector keeps the earlier one's.
 */
function lastPerId<T extends { id: string; embedding: number[] | null }>(rows: T[]): T[] {
  const byId = new Map<string, T>();
  for (const r of rows) {
    const earlier = byId.get(r.id);
    byId.set(r.id, r.embedding === null && earlier !== undefined ? { ...r, embedding: earlier.embedding } : r);
  }
  return [...byId.values()];
}

