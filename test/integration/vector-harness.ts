/**
 * Shared setup of the vector maintenance tests: a SQLite store file and three small HNSW indexes
 * (16-d) in a temp folder, the process lock, and a writer that commits like the live write path
 * (store and index under the write lock, then `changed`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Logger } from "../../src/core/logger.js";
import { createRng } from "../../src/core/rng.js";
import { VECTOR_KINDS, type VectorKind } from "../../src/core/records.js";
import { createReadWriteLock, type ReadWriteLock } from "../../src/core/rw-lock.js";
import { openSqliteGraphStore, type SqliteGraphStore } from "../../src/graph-store/sqlite-graph-store.js";
import { createHnswVectorIndex, loadHnswVectorIndex } from "../../src/vector/hnsw-vector-index.js";
import { createIndexMaintenance, type IndexBuilder, type IndexMaintenance, type IndexMaintenanceOptions } from "../../src/vector/index-maintenance.js";
import { createHnswWorkerBuilder } from "../../src/vector/rebuild-worker.js";
import { SwappableVectorIndex } from "../../src/vector/swappable-vector-index.js";

export const MODEL = "test-model";
export const DIMS = 16;

export interface Logged {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

export function recordingLogger(into: Logged[]): Logger {
  const at =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}): void => {
      into.push({ level, msg, fields });
    };
  const logger: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: () => logger };
  return logger;
}

export interface Harness {
  dir: string;
  store: SqliteGraphStore;
  indexes: Record<VectorKind, SwappableVectorIndex>;
  lock: ReadWriteLock;
  maintenance: IndexMaintenance;
  log: Logged[];
  /** The real worker builder over `dir` (wrap it to observe or disturb a rebuild). */
  workerBuilder: IndexBuilder;
  /** Commits skills with vectors and deletes them as the live writer does, then reports the change. */
  write(upserts: Array<[string, Float32Array]>, deletes?: string[]): Promise<void>;
  /** Loads the skills snapshot on disk. */
  loadSnapshot(): ReturnType<typeof loadHnswVectorIndex>;
  close(): Promise<void>;
}

export type HarnessOptions = Omit<Partial<IndexMaintenanceOptions>, "builder" | "store" | "indexes" | "lock"> & {
  /** Wraps the real worker builder; default: the real one. */
  builder?: (real: IndexBuilder) => IndexBuilder | undefined;
};

export function openHarness(options: HarnessOptions = {}): Harness {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tg-vector-maint-"));
  const store = openSqliteGraphStore({ path: path.join(dir, "store.db") });
  const params = (kind: VectorKind) => ({ dir, kind, modelId: MODEL, dimensions: DIMS, efConstruction: 64 });
  const indexes = Object.fromEntries(VECTOR_KINDS.map((k) => [k, new SwappableVectorIndex(createHnswVectorIndex({ ...params(k), initialCapacity: 64 }))])) as Record<
    VectorKind,
    SwappableVectorIndex
  >;
  const lock = createReadWriteLock();
  const log: Logged[] = [];
  const workerBuilder = createHnswWorkerBuilder({ dir, modelId: MODEL, dimensions: DIMS, M: 16, efConstruction: 64, load: (kind) => loadHnswVectorIndex(params(kind)) });
  const { builder: wrap, ...rest } = options;
  const builder = wrap === undefined ? workerBuilder : wrap(workerBuilder);
  const maintenance = createIndexMaintenance({
    logger: recordingLogger(log),
    ...rest,
    store,
    indexes,
    lock,
    ...(builder === undefined ? {} : { builder }),
  });
  return {
    dir,
    store,
    indexes,
    lock,
    maintenance,
    log,
    workerBuilder,
    async write(upserts, deletes = []) {
      await lock.write(async () => {
        await store.write({
          skills: upserts.map(([id, vector]) => ({ record: { id, name: `Skill ${id}`, aliases: [] }, hash: `h-${id}`, vector })),
          deletes: deletes.map((id) => ({ kind: "skills" as const, id })),
        });
        for (const id of deletes) indexes.skills.remove(id);
        for (const [id, vector] of upserts) indexes.skills.upsert(id, vector);
      });
      maintenance.changed("skills", upserts.length + deletes.length);
    },
    loadSnapshot: () => loadHnswVectorIndex(params("skills")),
    async close() {
      await maintenance.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function randomVectors(seed: number, ids: string[]): Array<[string, Float32Array]> {
  const rng = createRng(seed);
  return ids.map((id) => [id, Float32Array.from({ length: DIMS }, () => rng.next() * 2 - 1)]);
}

export const ids = (prefix: string, n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${String(from + i).padStart(4, "0")}`);

/** Ids of the stored skill vectors, ascending. */
export async function storedIds(store: SqliteGraphStore): Promise<string[]> {
  const out: string[] = [];
  for await (const { id } of store.vectors("skills")) out.push(id);
  return out;
}
