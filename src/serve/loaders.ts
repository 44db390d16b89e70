/**
 * Per-request batching and caching of store reads (the DataLoader idea, without the dependency):
 * every `load(id)` made while one GraphQL level resolves is collected and fetched in one store call,
 * and each id is fetched at most once per request. Loaders live for one request only, so nothing is
 * cached across requests and writes are never served stale.
 */
import type { Freelancer, Job, Skill } from "../core/records.js";
import type { GraphStore, SkillNeighbour } from "../graph-store/graph-store.js";

/** Batches `load` calls made in the same tick into one `fetch` of many ids. */
export class BatchLoader<V> {
  private readonly cache = new Map<string, Promise<V | undefined>>();
  private queue: Array<{ id: string; resolve: (v: V | undefined) => void; reject: (e: unknown) => void }> = [];

  /** @param fetch returns the values found for the ids (missing ids are simply absent). */
  constructor(private readonly fetch: (ids: string[]) => Promise<Map<string, V>>) {}

  /** The value for `id`, or undefined when the store has none. */
  load(id: string): Promise<V | undefined> {
    let pending = this.cache.get(id);
    if (pending === undefined) {
      pending = new Promise<V | undefined>((resolve, reject) => {
        if (this.queue.length === 0) this.schedule();
        this.queue.push({ id, resolve, reject });
      });
      this.cache.set(id, pending);
    }
    return pending;
  }

  /** Seeds the cache with a value already in hand (e.g. a hit's node), saving a store read. */
  prime(id: string, value: V): void {
    if (!this.cache.has(id)) this.cache.set(id, Promise.resolve(value));
  }

  private schedule(): void {
    // After the current promise jobs and before I/O: every resolver at the current level has run by
    // then and queued its ids (DataLoader's scheduling).
    void Promise.resolve().then(() => process.nextTick(() => void this.dispatch()));
  }

  private async dispatch(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    try {
      const found = await this.fetch([...new Set(batch.map((b) => b.id))]);
      for (const b of batch) b.resolve(found.get(b.id));
    } catch (error) {
      // Forget the failed ids so a later load in the same request may retry; every waiter sees the error.
      for (const b of batch) {
        this.cache.delete(b.id);
        b.reject(error);
      }
    }
  }
}

/** The loaders one GraphQL request uses. */
export interface Loaders {
  skills: BatchLoader<Skill>;
  freelancers: BatchLoader<Freelancer>;
  jobs: BatchLoader<Job>;
  /** Direct neighbours of a skill (both types, strongest first), fetched once per skill per request. */
  neighbours(skillId: string): Promise<SkillNeighbour[]>;
}

type LoaderStore = Pick<GraphStore, "getSkills" | "getFreelancers" | "getJobs" | "skillNeighbours">;

const byId = <T extends { id: string }>(records: T[]): Map<string, T> => new Map(records.map((r) => [r.id, r]));

/** Fresh loaders for one request. */
export function createLoaders(store: LoaderStore): Loaders {
  const neighbours = new Map<string, Promise<SkillNeighbour[]>>();
  return {
    skills: new BatchLoader(async (ids) => byId(await store.getSkills(ids))),
    freelancers: new BatchLoader(async (ids) => byId(await store.getFreelancers(ids))),
    jobs: new BatchLoader(async (ids) => byId(await store.getJobs(ids))),
    // The port has no multi-skill neighbour query; caching per skill still removes the repeats, and
    // the neighbour skills themselves are then loaded through the batched `skills` loader.
    neighbours: (skillId) => {
      let pending = neighbours.get(skillId);
      if (pending === undefined) {
        pending = store.skillNeighbours(skillId);
        neighbours.set(skillId, pending);
      }
      return pending;
    },
  };
}
