/**
 * The Neo4j store's read replica: the filter attributes, skill edges and JSON of every freelancer
 * and job, held in the same layered filter columns and posting lists as the embedded store
 * (layered-table.ts), so a filter means exactly the same thing on both backends.
 *
 * Why a replica: compiling a filter is a per-request allow-list over every record, which a round
 * trip per request cannot give in milliseconds; and when Neo4j goes away, filters and record reads
 * still answer from it (stale, never wrong about what was last seen) while the graph and keyword
 * channels report BACKEND_UNAVAILABLE.
 *
 * Freshness: every write transaction bumps the `writes` counter in the database. Before use the
 * replica reads the counter (one round trip). When it moved only by this process's own writes, the
 * records those writes touched are re-read and shadow the rest (the layered table's delta); when
 * another process wrote, or a skill changed (which can change every posting list), it reloads
 * everything. A change feed that names other processes' records would make those reloads deltas
 * too; that is future work.
 */
import type { FreelancerFilter, JobFilter } from "../../core/filters.js";
import type { Logger } from "../../core/logger.js";
import { BackendUnavailableError, errorMessage } from "../../core/errors.js";
import type { FreelancerFilterRow, JobFilterRow } from "../filter-columns.js";
import { LayeredTable, freelancerLayer, jobLayer } from "../layered-table.js";
import type { PostingRow } from "../skill-postings.js";

/** One record as the replica holds it. */
export interface ReplicaEntry<R> {
  row: R;
  json: string;
  /** [skill id, edge weight] pairs. */
  skills: Array<[string, number]>;
}

/** What the replica needs from the store: the write counter and the rows, all or by id. */
export interface ReplicaSource {
  writeSequence(): Promise<number>;
  freelancerRows(ids: readonly string[] | "all"): Promise<Array<ReplicaEntry<FreelancerFilterRow>>>;
  jobRows(ids: readonly string[] | "all"): Promise<Array<ReplicaEntry<JobFilterRow>>>;
}

/** Records one committed write of this process touched. */
export interface OwnWrite {
  freelancers: readonly string[];
  jobs: readonly string[];
  /** A skill or skill relation changed: posting lists may all differ. */
  skills: boolean;
}

function postingsOf<R extends { id: string }>(entries: Iterable<ReplicaEntry<R>>): PostingRow[] {
  const out: PostingRow[] = [];
  for (const e of entries) for (const [skillId, weight] of e.skills) out.push({ entityId: e.row.id, skillId, weight });
  return out;
}

function entriesOf<R>(map: ReadonlyMap<string, ReplicaEntry<R>>, ids: readonly string[]): Array<ReplicaEntry<R>> {
  const out: Array<ReplicaEntry<R>> = [];
  for (const id of ids) {
    const e = map.get(id);
    if (e !== undefined) out.push(e);
  }
  return out;
}

export class Neo4jReplica {
  /** Write counter the replica reflects; -1 before the first load. */
  private sequence = -1;
  private readonly own = new Map<number, OwnWrite>();
  private readonly freelancers = new Map<string, ReplicaEntry<FreelancerFilterRow>>();
  private readonly jobs = new Map<string, ReplicaEntry<JobFilterRow>>();
  readonly freelancerTable = new LayeredTable<FreelancerFilter>({
    buildAll: () => freelancerLayer([...this.freelancers.values()].map((e) => e.row), postingsOf(this.freelancers.values())),
    buildOf: (ids) => {
      const entries = entriesOf(this.freelancers, ids);
      return freelancerLayer(entries.map((e) => e.row), postingsOf(entries));
    },
  });
  readonly jobTable = new LayeredTable<JobFilter>({
    buildAll: () => jobLayer([...this.jobs.values()].map((e) => e.row), postingsOf(this.jobs.values())),
    buildOf: (ids) => {
      const entries = entriesOf(this.jobs, ids);
      return jobLayer(entries.map((e) => e.row), postingsOf(entries));
    },
  });
  private refreshing: Promise<void> | undefined;
  private staleWarned = false;

  constructor(
    private readonly source: ReplicaSource,
    private readonly logger: Logger,
  ) {}

  /** True once loaded (it can then answer while the server is away). */
  get loaded(): boolean {
    return this.sequence >= 0;
  }

  /** A write of this process committed as `sequence`. */
  recordOwnWrite(sequence: number, write: OwnWrite): void {
    if (sequence > this.sequence) this.own.set(sequence, write);
  }

  /**
   * Brings the replica up to the database's current writes (single-flight). When the server is
   * unavailable, a loaded replica stays as it is (stale) and a never-loaded one throws.
   */
  fresh(): Promise<void> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** JSON of the given freelancers or jobs as last seen, in the order of `ids` (absent ids skipped). */
  json(kind: "freelancers" | "jobs", ids: readonly string[]): string[] {
    const map: ReadonlyMap<string, { json: string }> = kind === "freelancers" ? this.freelancers : this.jobs;
    return entriesOf(map as ReadonlyMap<string, ReplicaEntry<unknown>>, ids).map((e) => e.json);
  }

  private async refresh(): Promise<void> {
    let current: number;
    try {
      current = await this.source.writeSequence();
    } catch (error) {
      if (error instanceof BackendUnavailableError && this.loaded) {
        if (!this.staleWarned) this.logger.warn(`Neo4j is unavailable; filters and record reads answer from the replica as of write ${this.sequence}`, { reason: errorMessage(error) });
        this.staleWarned = true;
        return;
      }
      throw error;
    }
    this.staleWarned = false;
    if (current === this.sequence) return;
    const delta = this.ownDelta(current);
    if (delta === undefined) await this.reload();
    else await this.applyDelta(delta);
    this.sequence = current;
    for (const s of [...this.own.keys()]) if (s <= current) this.own.delete(s);
  }

  /** The records touched between the replica and `current` when all of it was this process's writes without skill changes. */
  private ownDelta(current: number): { freelancers: Set<string>; jobs: Set<string> } | undefined {
    if (!this.loaded) return undefined;
    const delta = { freelancers: new Set<string>(), jobs: new Set<string>() };
    for (let s = this.sequence + 1; s <= current; s++) {
      const write = this.own.get(s);
      if (write === undefined || write.skills) return undefined;
      for (const id of write.freelancers) delta.freelancers.add(id);
      for (const id of write.jobs) delta.jobs.add(id);
    }
    return delta;
  }

  private async reload(): Promise<void> {
    const [freelancers, jobs] = [await this.source.freelancerRows("all"), await this.source.jobRows("all")];
    this.freelancers.clear();
    for (const e of freelancers) this.freelancers.set(e.row.id, e);
    this.jobs.clear();
    for (const e of jobs) this.jobs.set(e.row.id, e);
    this.freelancerTable.reset();
    this.jobTable.reset();
  }

  private async applyDelta(delta: { freelancers: Set<string>; jobs: Set<string> }): Promise<void> {
    if (delta.freelancers.size > 0) {
      const ids = [...delta.freelancers];
      const rows = await this.source.freelancerRows(ids);
      for (const id of ids) this.freelancers.delete(id);
      for (const e of rows) this.freelancers.set(e.row.id, e);
      this.freelancerTable.touch(ids);
    }
    if (delta.jobs.size > 0) {
      const ids = [...delta.jobs];
      const rows = await this.source.jobRows(ids);
      for (const id of ids) this.jobs.delete(id);
      for (const e of rows) this.jobs.set(e.row.id, e);
      this.jobTable.touch(ids);
    }
  }
}
