/**
 * Keeps the HNSW indexes of a process that takes live writes durable and tidy:
 *
 * - **Snapshots.** The writer reports each commit with `changed(kind, count)`. Once a kind has
 *   `snapshotEveryChanges` unsaved changes, or `snapshotEveryMs` after its first unsaved one, the
 *   kind's index is saved stamped with the store's vector generation, and the store's vector log is
 *   trimmed through that generation. A restart then loads the snapshot and replays only the log
 *   (see services.ts), instead of rebuilding from every stored vector.
 * - **Hygiene.** hnswlib reuses slots freed by deletes for later inserts, but a kind that shrinks
 *   keeps its deleted slots (searched, then dropped; memory and recall pay). When the deleted share
 *   passes `rebuildDeletedShare`, a fresh index is built in a worker thread from the stored
 *   vectors, installed as the snapshot, caught up from the log and swapped in (SwappableVectorIndex).
 *
 * Locking (the process's readers–writer lock, `services.consistency`; writers commit the store and
 * update the index under `write`):
 * - A snapshot reads the generation and saves under `read`. Writers are held off, so the stamp
 *   matches the index contents exactly: a writer between the two could otherwise commit (bumping
 *   the generation) before updating the index, and the snapshot would claim a change it lacks, and
 *   the log trim would then lose it. `save` also must not see mutations between its awaits. Readers
 *   are not held off: saving does not mutate the index, so searches go on while files are written
 *   (only hnswlib's synchronous writeIndexSync stalls the thread).
 * - A rebuild reads the generation G0, then streams the vectors to the worker without any lock:
 *   whatever changes after G0 is in the log, and re-applying an id's newest state is idempotent,
 *   so reading newer states than G0 is harmless. The log is not trimmed past G0 meanwhile. The
 *   built files are installed and loaded under `read` (no writer may save a snapshot over them),
 *   caught up from the log without a lock (again idempotent), then the last changes are applied and
 *   the index swapped under `write`, so no reader sees the swap mid-request and no write is lost.
 * - Per kind, snapshots and the install→swap→save of a rebuild run one at a time.
 * Never call `flush()` or `close()` while holding the lock (it is not reentrant).
 */
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { TalentgraphError, errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { silentLogger } from "../core/logger.js";
import { VECTOR_KINDS, type VectorKind } from "../core/records.js";
import type { ReadWriteLock } from "../core/rw-lock.js";
import type { GraphStore } from "../graph-store/graph-store.js";
import type { SwappableVectorIndex } from "./swappable-vector-index.js";
import type { VectorIndex } from "./vector-index.js";

/** A freshly built index, saved but not yet the live snapshot. */
export interface BuiltIndex {
  /** Live vectors in it. */
  count: number;
  /** Wall time of the build and its save, in ms. */
  buildMs: number;
  /** Makes it the on-disk snapshot of its kind (replacing the current one) and loads it. */
  install(): Promise<VectorIndex>;
  /** Deletes its files; for a build that will not be installed. */
  discard(): Promise<void>;
}

/** Builds an index off the serving thread (see rebuild-worker.ts). */
export interface IndexBuilder {
  /**
   * Builds a new index of `kind` from `vectors` (consumed once, in any order), stamped with
   * `generation`. `expectedCount` sizes it up front. Rejects when `signal` aborts.
   */
  build(
    kind: VectorKind,
    vectors: AsyncIterable<{ id: string; vector: Float32Array }>,
    info: { generation: number; expectedCount: number },
    signal: AbortSignal,
  ): Promise<BuiltIndex>;
}

export interface IndexMaintenanceOptions {
  store: GraphStore;
  /** The live indexes, as handed to retrievers and the writer. */
  indexes: Record<VectorKind, SwappableVectorIndex>;
  /** The process's readers–writer lock (`services.consistency`). */
  lock: ReadWriteLock;
  logger?: Logger;
  /** Snapshot a kind once this many vector changes are unsaved, ≥ 1; default 10,000. */
  snapshotEveryChanges?: number;
  /** Snapshot unsaved changes at the latest this long after the first of them, in ms; default 60,000. */
  snapshotEveryMs?: number;
  /** Rebuild an index when deleted slots / (live + deleted) exceeds this, in (0, 1]; default 0.3. */
  rebuildDeletedShare?: number;
  /** …and it has at least this many deleted slots (small indexes are cheap as they are); default 1,000. */
  rebuildMinDeleted?: number;
  /** After a failed rebuild, wait this long before trying that kind again, in ms; default 600,000. */
  rebuildRetryMs?: number;
  /** Builds replacement indexes off the main thread; without it, no rebuilds (the share is still reported). */
  builder?: IndexBuilder;
  /** Clock for status times and retry delays; injectable for tests. */
  now?: () => Date;
}

export type RebuildPhase = "building" | "installing" | "catching-up" | "swapping" | "saving";

/** How one rebuild ended. */
export interface RebuildReport {
  kind: VectorKind;
  ok: boolean;
  /** ISO-8601 time it ended. */
  at: string;
  /** Wall time from start to end, in ms. */
  ms: number;
  /** Worker build and save, in ms (absent when it failed before). */
  buildMs?: number;
  /** Generation the build read its vectors at. */
  fromGeneration?: number;
  /** Logged changes applied on top of the build (writes made while it ran). */
  replayed?: number;
  /** Live vectors after the swap. */
  size?: number;
  /** Why it failed; the old index keeps serving. */
  error?: string;
}

export interface KindMaintenanceStatus {
  /** Vector changes reported since this kind's last snapshot. */
  pendingChanges: number;
  /** Live vectors in the index. */
  size: number;
  /** Deleted slots awaiting reuse. */
  deleted: number;
  /** deleted / (size + deleted), in [0, 1]; 0 for an empty index. Lower is better. */
  deletedShare: number;
  /** The last snapshot saved: when (ISO-8601), its generation, and its wall time in ms (waiting for writers included). */
  lastSnapshot?: { at: string; generation: number; ms: number };
  /** The rebuild in flight: its phase, start (ISO-8601) and the generation its vectors were read at. */
  rebuilding?: { phase: RebuildPhase; startedAt: string; fromGeneration?: number };
  lastRebuild?: RebuildReport;
}

export interface IndexMaintenanceStatus {
  kinds: Record<VectorKind, KindMaintenanceStatus>;
  closed: boolean;
}

export interface IndexMaintenance {
  /**
   * The writer committed `count` vector changes of `kind` (upserts plus deletes) and applied them
   * to the index. Synchronous and cheap; may schedule a snapshot or a rebuild in the background.
   */
  changed(kind: VectorKind, count: number): void;
  /** Snapshots every index whose stamp is behind the store now, then trims the log; waits for it. */
  flush(): Promise<void>;
  /** Rebuilds `kind` now whatever its deleted share (or joins the rebuild running); never rejects. */
  rebuild(kind: VectorKind): Promise<RebuildReport>;
  /** Resolves once no snapshot or rebuild is running or scheduled. */
  idle(): Promise<void>;
  status(): IndexMaintenanceStatus;
  /** Stops timers, cancels a rebuild still building, waits for the rest, flushes. Idempotent. */
  close(): Promise<void>;
}

/**
 * Applies the store's vector changes logged after `afterGeneration` to `index` (removals first,
 * then upserts). Returns `complete: false` and applies nothing when the log no longer reaches back
 * that far. With `yieldEveryMs`, yields to the event loop whenever that long has passed since the
 * last yield (an update or a slot reuse costs hnswlib ~15 ms at 256-d: updatePoint re-links neighbours).
 */
export async function replayVectorChanges(
  store: GraphStore,
  kind: VectorKind,
  index: VectorIndex,
  afterGeneration: number,
  options: { yieldEveryMs?: number } = {},
): Promise<{ complete: boolean; applied: number }> {
  const { complete, changes } = await store.vectorChanges(kind, afterGeneration);
  if (!complete) return { complete, applied: 0 };
  let applied = 0;
  let since = performance.now();
  const step = async (): Promise<void> => {
    applied++;
    if (options.yieldEveryMs !== undefined && performance.now() - since >= options.yieldEveryMs) {
      await yieldToLoop();
      since = performance.now();
    }
  };
  // Each id appears once, so order between ids is free: removals first free slots that the
  // inserts then reuse (hnswlib's replace-deleted mode) instead of growing the index.
  for (const { id, vector } of changes) {
    if (vector !== null) continue;
    index.remove(id);
    await step();
  }
  for (const { id, vector } of changes) {
    if (vector === null) continue;
    index.upsert(id, vector);
    await step();
  }
  return { complete, applied };
}

/** Catch-up rounds outside the lock before the final one under it. */
const MAX_CATCH_UP_ROUNDS = 5;
/** A catch-up round this small is the last one outside the lock (the final round runs under it: keep it short). */
const SMALL_ROUND = 16;
/** While catching up outside the lock, the event loop is yielded to at least this often, in ms. */
const YIELD_EVERY_MS = 20;

export function createIndexMaintenance(options: IndexMaintenanceOptions): IndexMaintenance {
  const { store, indexes, lock } = options;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const everyChanges = Math.max(1, options.snapshotEveryChanges ?? 10_000);
  const everyMs = Math.max(0, options.snapshotEveryMs ?? 60_000);
  const deletedShare = options.rebuildDeletedShare ?? 0.3;
  const minDeleted = Math.max(1, options.rebuildMinDeleted ?? 1_000);
  const retryMs = options.rebuildRetryMs ?? 600_000;

  interface RebuildEntry {
    phase: RebuildPhase;
    startedAt: string;
    fromGeneration?: number;
    controller: AbortController;
    done: Promise<RebuildReport>;
  }
  interface KindState {
    pending: number;
    /** Tail of the per-kind queue: snapshots and rebuild installs run one at a time. */
    tail: Promise<void>;
    snapshotQueued: boolean;
    lastSnapshot?: KindMaintenanceStatus["lastSnapshot"];
    /** The log must stay complete from this generation (a rebuild in flight read its vectors here). */
    holdLogFrom?: number;
    rebuild?: RebuildEntry;
    lastRebuild?: RebuildReport;
    retryAfter: number;
  }
  const state = Object.fromEntries(
    VECTOR_KINDS.map((k): [VectorKind, KindState] => [k, { pending: 0, tail: Promise.resolve(), snapshotQueued: false, retryAfter: 0 }]),
  ) as Record<VectorKind, KindState>;
  const tasks = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let closing: Promise<void> | undefined;

  /** Runs a background task: tracked for idle(), failures logged (never unhandled). */
  const background = (what: string, task: () => Promise<unknown>): void => {
    const p = task().catch((error: unknown) => logger.error(`index maintenance: ${what} failed`, { error: errorMessage(error) }));
    tasks.add(p);
    void p.finally(() => tasks.delete(p));
  };

  /** Queues `body` behind the kind's running snapshot/install. */
  const exclusive = <T>(kind: VectorKind, body: () => Promise<T>): Promise<T> => {
    const s = state[kind];
    const run = s.tail.then(body);
    s.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  const trim = async (kind: VectorKind, generation: number): Promise<void> => {
    const hold = state[kind].holdLogFrom;
    const through = hold === undefined ? generation : Math.min(generation, hold);
    if (through > 0) await store.trimVectorLog(kind, through);
  };

  /** Saves `kind` if its stamp is behind the store, then trims the log. */
  const snapshotNow = (kind: VectorKind): Promise<void> =>
    exclusive(kind, async () => {
      const s = state[kind];
      s.snapshotQueued = false;
      const index = indexes[kind];
      const t0 = performance.now();
      const generation = await lock.read(async () => {
        const g = await store.vectorGeneration(kind);
        // Writers are held off: every change counted so far is in this snapshot.
        s.pending = 0;
        if (index.manifest().generation === g) return undefined;
        await index.save({ generation: g });
        return g;
      });
      if (generation === undefined) return;
      const ms = performance.now() - t0;
      s.lastSnapshot = { at: now().toISOString(), generation, ms };
      logger.debug(`${kind} index snapshot saved`, { kind, generation, ms: Math.round(ms), size: index.size() });
      await trim(kind, generation);
    });

  const scheduleSnapshot = (kind: VectorKind): void => {
    const s = state[kind];
    if (s.snapshotQueued || closed) return;
    s.snapshotQueued = true;
    background(`${kind} snapshot`, () => snapshotNow(kind));
  };

  const armTimer = (): void => {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      for (const kind of VECTOR_KINDS) if (state[kind].pending > 0) scheduleSnapshot(kind);
    }, everyMs);
    // A pending snapshot must not keep the process alive; close() flushes.
    timer.unref();
  };

  const share = (index: VectorIndex): { deleted: number; share: number } => {
    const deleted = index.deletedCount();
    const total = index.size() + deleted;
    return { deleted, share: total === 0 ? 0 : deleted / total };
  };

  const maybeRebuild = (kind: VectorKind): void => {
    const s = state[kind];
    if (options.builder === undefined || s.rebuild !== undefined || closed) return;
    const { deleted, share: current } = share(indexes[kind]);
    if (deleted < minDeleted || current <= deletedShare) return;
    if (now().getTime() < s.retryAfter) return;
    logger.info(`${kind} index: ${(current * 100).toFixed(1)}% of its slots are deleted; rebuilding it in the background`, { kind, deleted, size: indexes[kind].size() });
    void startRebuild(kind);
  };

  const startRebuild = (kind: VectorKind): Promise<RebuildReport> => {
    const s = state[kind];
    if (s.rebuild !== undefined) return s.rebuild.done;
    const controller = new AbortController();
    const started = performance.now();
    let settle!: (r: RebuildReport) => void;
    const done = new Promise<RebuildReport>((resolve) => (settle = resolve));
    const entry: RebuildEntry = { phase: "building", startedAt: now().toISOString(), controller, done };
    s.rebuild = entry;
    tasks.add(done);
    void done.finally(() => tasks.delete(done));
    const report = (fields: Omit<RebuildReport, "kind" | "at" | "ms">): RebuildReport => ({ kind, at: now().toISOString(), ms: performance.now() - started, ...fields });
    runRebuild(kind, entry, controller.signal).then(
      (r) => {
        const ok = report({ ok: true, ...r });
        logger.info(`${kind} index rebuilt and swapped in`, { kind, ms: Math.round(ok.ms), buildMs: Math.round(r.buildMs), replayed: r.replayed, size: r.size });
        return ok;
      },
      (error: unknown) => {
        s.retryAfter = now().getTime() + retryMs;
        const failed = report({ ok: false, error: errorMessage(error), ...(entry.fromGeneration === undefined ? {} : { fromGeneration: entry.fromGeneration }) });
        if (controller.signal.aborted) logger.info(`${kind} index rebuild cancelled`, { kind });
        else logger.error(`${kind} index rebuild failed; the current index keeps serving`, { kind, error: failed.error });
        return failed;
      },
    ).then((r) => {
      s.lastRebuild = r;
      s.holdLogFrom = undefined;
      s.rebuild = undefined;
      settle(r);
    }, (error: unknown) => logger.error("index maintenance: rebuild bookkeeping failed", { error: errorMessage(error) }));
    return done;
  };

  const runRebuild = async (
    kind: VectorKind,
    entry: RebuildEntry,
    signal: AbortSignal,
  ): Promise<{ buildMs: number; fromGeneration: number; replayed: number; size: number }> => {
    const s = state[kind];
    const builder = options.builder;
    if (builder === undefined) throw new TalentgraphError("INTERNAL", `no index builder configured for ${kind}`);
    const live = indexes[kind];
    // Read before the vectors: everything they miss (or hold newer) is logged after it.
    const fromGeneration = await store.vectorGeneration(kind);
    entry.fromGeneration = fromGeneration;
    s.holdLogFrom = fromGeneration;
    const built = await builder.build(kind, store.vectors(kind), { generation: fromGeneration, expectedCount: live.size() }, signal);
    if (signal.aborted) {
      await built.discard();
      throw new TalentgraphError("INTERNAL", `rebuild of the ${kind} index cancelled`);
    }

    return exclusive(kind, async () => {
      entry.phase = "installing";
      let installed = false;
      let swapped = false;
      try {
        const fresh = await lock.read(async () => {
          installed = true;
          return built.install();
        });
        entry.phase = "catching-up";
        let covered = fromGeneration;
        let replayed = 0;
        const catchUp = async (yieldEveryMs?: number): Promise<number> => {
          const generation = await store.vectorGeneration(kind);
          if (generation === covered) return 0;
          const r = await replayVectorChanges(store, kind, fresh, covered, yieldEveryMs === undefined ? {} : { yieldEveryMs });
          if (!r.complete) throw new TalentgraphError("INTERNAL", `the ${kind} vector log was trimmed past generation ${covered} during the rebuild`);
          covered = generation;
          replayed += r.applied;
          return r.applied;
        };
        for (let round = 0; round < MAX_CATCH_UP_ROUNDS; round++) {
          if ((await catchUp(YIELD_EVERY_MS)) <= SMALL_ROUND) break;
        }
        entry.phase = "swapping";
        await lock.write(async () => {
          await catchUp();
          live.swap(fresh);
          swapped = true;
        });
        entry.phase = "saving";
        // The files on disk are still the build's (stamped fromGeneration): save the caught-up index.
        const t0 = performance.now();
        const generation = await lock.read(async () => {
          const g = await store.vectorGeneration(kind);
          s.pending = 0;
          await live.save({ generation: g });
          return g;
        });
        s.lastSnapshot = { at: now().toISOString(), generation, ms: performance.now() - t0 };
        s.holdLogFrom = undefined;
        await trim(kind, generation);
        return { buildMs: built.buildMs, fromGeneration, replayed, size: live.size() };
      } catch (error) {
        // Whatever install() did not move is left in the build's folder.
        await built.discard().catch((e: unknown) => logger.warn(`${kind} index: could not delete a failed rebuild's files`, { error: errorMessage(e) }));
        if (installed && !swapped) {
          // The build's files replaced the live index's snapshot: put the live index back on disk.
          await lock.read(async () => live.save({ generation: await store.vectorGeneration(kind) })).catch((e: unknown) =>
            logger.error(`${kind} index: could not re-save the live index after a failed rebuild; the next start rebuilds or replays it`, { error: errorMessage(e) }),
          );
        }
        throw error;
      }
    });
  };

  const status = (): IndexMaintenanceStatus => {
    const kinds = {} as Record<VectorKind, KindMaintenanceStatus>;
    for (const kind of VECTOR_KINDS) {
      const s = state[kind];
      const index = indexes[kind];
      const { deleted, share: current } = share(index);
      kinds[kind] = {
        pendingChanges: s.pending,
        size: index.size(),
        deleted,
        deletedShare: current,
        ...(s.lastSnapshot === undefined ? {} : { lastSnapshot: { ...s.lastSnapshot } }),
        ...(s.rebuild === undefined
          ? {}
          : {
              rebuilding: {
                phase: s.rebuild.phase,
                startedAt: s.rebuild.startedAt,
                ...(s.rebuild.fromGeneration === undefined ? {} : { fromGeneration: s.rebuild.fromGeneration }),
              },
            }),
        ...(s.lastRebuild === undefined ? {} : { lastRebuild: { ...s.lastRebuild } }),
      };
    }
    return { kinds, closed };
  };

  const idle = async (): Promise<void> => {
    while (tasks.size > 0) await Promise.allSettled([...tasks]);
  };

  const flush = async (): Promise<void> => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    for (const kind of VECTOR_KINDS) await snapshotNow(kind);
  };

  return {
    changed(kind, count) {
      if (closed || count <= 0) return;
      const s = state[kind];
      s.pending += count;
      if (s.pending >= everyChanges) scheduleSnapshot(kind);
      else armTimer();
      maybeRebuild(kind);
    },
    flush,
    rebuild(kind) {
      if (closed) {
        return Promise.resolve({ kind, ok: false, at: now().toISOString(), ms: 0, error: "index maintenance is closed" });
      }
      return startRebuild(kind);
    },
    idle,
    status,
    close() {
      closing ??= (async () => {
        closed = true;
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        // A rebuild still building is cheap to redo later; one installing finishes.
        for (const kind of VECTOR_KINDS) state[kind].rebuild?.controller.abort();
        await idle();
        await flush();
      })();
      return closing;
    },
  };
}
