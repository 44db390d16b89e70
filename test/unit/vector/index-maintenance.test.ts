/**
 * The maintenance's decisions in isolation (in-memory store, small real indexes, a fake builder):
 * replay order and completeness, and when a rebuild starts (share, minimum, retry delay).
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/core/rng.js";
import { VECTOR_KINDS, type VectorKind } from "../../../src/core/records.js";
import { createReadWriteLock } from "../../../src/core/rw-lock.js";
import { openSqliteGraphStore, type SqliteGraphStore } from "../../../src/graph-store/sqlite-graph-store.js";
import { createHnswVectorIndex } from "../../../src/vector/hnsw-vector-index.js";
import { createIndexMaintenance, replayVectorChanges, type IndexBuilder } from "../../../src/vector/index-maintenance.js";
import { SwappableVectorIndex } from "../../../src/vector/swappable-vector-index.js";

const DIMS = 8;
const index = () => createHnswVectorIndex({ dir: "/nonexistent", kind: "skills", modelId: "m", dimensions: DIMS, initialCapacity: 16 });
const rng = createRng(7);
const vec = () => Float32Array.from({ length: DIMS }, () => rng.next() - 0.5);
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

async function writeSkills(store: SqliteGraphStore, upserts: string[], deletes: string[] = []): Promise<void> {
  await store.write({
    skills: upserts.map((id) => ({ record: { id, name: id, aliases: [] }, hash: id, vector: vec() })),
    deletes: deletes.map((id) => ({ kind: "skills" as const, id })),
  });
}

describe("replayVectorChanges", () => {
  it("removes before it inserts, so new ids take the freed slots", async () => {
    const store = openSqliteGraphStore({ path: ":memory:" });
    await writeSkills(store, ids("a", 10));
    const snapshot = await store.vectorGeneration("skills");
    const ix = index();
    for await (const { id, vector } of store.vectors("skills")) ix.upsert(id, vector);
    // Ids sort so that inserts ("0…") come before removals ("a…") by id.
    await writeSkills(store, ids("0new", 4), ids("a", 4));
    const r = await replayVectorChanges(store, "skills", ix, snapshot);
    expect(r).toEqual({ complete: true, applied: 8 });
    expect([ix.size(), ix.deletedCount()]).toEqual([10, 0]);
    expect(ids("0new", 4).every((id) => ix.has(id))).toBe(true);
    await store.close();
  });

  it("applies nothing when the log no longer reaches back to the snapshot", async () => {
    const store = openSqliteGraphStore({ path: ":memory:" });
    await writeSkills(store, ids("a", 3));
    await writeSkills(store, ids("b", 3));
    await store.trimVectorLog("skills", await store.vectorGeneration("skills"));
    const ix = index();
    expect(await replayVectorChanges(store, "skills", ix, 1)).toEqual({ complete: false, applied: 0 });
    expect(ix.size()).toBe(0);
    await store.close();
  });
});

describe("index maintenance: when to rebuild", () => {
  it("starts past the deleted share and minimum only, and waits rebuildRetryMs after a failure", async () => {
    const store = openSqliteGraphStore({ path: ":memory:" });
    const indexes = Object.fromEntries(VECTOR_KINDS.map((k) => [k, new SwappableVectorIndex(index())])) as Record<VectorKind, SwappableVectorIndex>;
    let builds = 0;
    const builder: IndexBuilder = {
      build: () => {
        builds++;
        return Promise.reject(new Error("no disk"));
      },
    };
    let clock = Date.parse("2026-01-01T00:00:00Z");
    const m = createIndexMaintenance({
      store,
      indexes,
      lock: createReadWriteLock(),
      builder,
      rebuildDeletedShare: 0.3,
      rebuildMinDeleted: 5,
      rebuildRetryMs: 60_000,
      snapshotEveryChanges: 1_000_000,
      now: () => new Date(clock),
    });
    for (const id of ids("a", 20)) indexes.skills.upsert(id, vec());
    const remove = (n: number, from: number): void => {
      for (const id of ids("a", 20).slice(from, from + n)) indexes.skills.remove(id);
      m.changed("skills", n);
    };
    remove(4, 0); // 4 deleted: under the minimum of 5 (20%)
    remove(2, 4); // 6 of 20 = 30%: not past the share
    await m.idle();
    expect(builds).toBe(0);
    remove(1, 6); // 7 of 20 = 35%
    await m.idle();
    expect(builds).toBe(1);
    expect(m.status().kinds.skills).toMatchObject({ deleted: 7, lastRebuild: { ok: false, error: "no disk" } });
    remove(1, 7);
    await m.idle();
    expect(builds).toBe(1);
    clock += 60_001;
    remove(1, 8);
    await m.idle();
    expect(builds).toBe(2);
    await m.close();
    await store.close();
  });
});
