/**
 * Periodic snapshots of live-written HNSW indexes (real SQLite file, real hnswlib): after N
 * changes, after a delay, on flush and close; the vector log trimmed behind them; snapshots that
 * wait for a writer in flight; and hnswlib's reuse of deleted slots.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHnswVectorIndex } from "../../src/vector/hnsw-vector-index.js";
import { DIMS, MODEL, ids, openHarness, randomVectors, storedIds, type Harness } from "./vector-harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("index maintenance: snapshots", () => {
  it("snapshots a kind once snapshotEveryChanges changes are unsaved, then trims its log", async () => {
    h = openHarness({ snapshotEveryChanges: 10, snapshotEveryMs: 3_600_000 });
    const { store, maintenance } = h;
    await h.write(randomVectors(1, ids("a", 4)));
    await h.write(randomVectors(2, ids("b", 4)));
    await maintenance.idle();
    expect(existsSync(path.join(h.dir, "skills.manifest.json"))).toBe(false);
    expect(maintenance.status().kinds.skills.pendingChanges).toBe(8);

    await h.write(randomVectors(3, ids("c", 2)), ["a-0000"]);
    await maintenance.idle();
    const generation = await store.vectorGeneration("skills");
    const saved = await h.loadSnapshot();
    expect(saved.manifest().generation).toBe(generation);
    expect(saved.size()).toBe(9);
    expect(saved.has("a-0000")).toBe(false);
    expect(maintenance.status().kinds.skills).toMatchObject({ pendingChanges: 0, lastSnapshot: { generation } });
    // The log up to the snapshot is gone; what comes after is kept.
    expect((await store.vectorChanges("skills", 0)).complete).toBe(false);
    expect(await store.vectorChanges("skills", generation)).toEqual({ complete: true, changes: [] });
    await h.write(randomVectors(4, ["d-0000"]));
    expect((await store.vectorChanges("skills", generation)).changes.map((c) => c.id)).toEqual(["d-0000"]);
    // Kinds without changes are left alone.
    expect(existsSync(path.join(h.dir, "jobs.manifest.json"))).toBe(false);
  });

  it("snapshots unsaved changes snapshotEveryMs after the first of them", async () => {
    h = openHarness({ snapshotEveryChanges: 1_000, snapshotEveryMs: 50 });
    await h.write(randomVectors(5, ids("a", 3)));
    const generation = await h.store.vectorGeneration("skills");
    await vi.waitFor(() => expect(h!.maintenance.status().kinds.skills.lastSnapshot?.generation).toBe(generation), { timeout: 5_000 });
    await h.maintenance.idle();
    expect((await h.loadSnapshot()).size()).toBe(3);
  });

  it("flush() snapshots now; close() flushes and then ignores changes", async () => {
    h = openHarness({ snapshotEveryChanges: 1_000, snapshotEveryMs: 3_600_000 });
    await h.write(randomVectors(6, ids("a", 5)));
    await h.maintenance.flush();
    expect((await h.loadSnapshot()).manifest().generation).toBe(await h.store.vectorGeneration("skills"));
    // Nothing new: a second flush writes nothing (the manifest keeps its build time).
    const builtAt = (await h.loadSnapshot()).manifest().builtAt;
    await sleep(5);
    await h.maintenance.flush();
    expect((await h.loadSnapshot()).manifest().builtAt).toBe(builtAt);

    await h.write(randomVectors(7, ids("b", 2)), ["a-0001"]);
    await h.maintenance.close();
    const saved = await h.loadSnapshot();
    expect(saved.manifest().generation).toBe(await h.store.vectorGeneration("skills"));
    expect(saved.size()).toBe(6);
    h.maintenance.changed("skills", 1);
    expect(h.maintenance.status()).toMatchObject({ closed: true, kinds: { skills: { pendingChanges: 0 } } });
  });

  it("waits for a writer in flight, so the stamp matches what the snapshot holds", async () => {
    h = openHarness({ snapshotEveryChanges: 1_000, snapshotEveryMs: 3_600_000 });
    const { store, indexes, lock } = h;
    await h.write(randomVectors(8, ids("a", 3)));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A writer that has committed the store (generation bumped) but not yet updated the index.
    const [[id, vector]] = randomVectors(9, ["late"]) as [[string, Float32Array]];
    const writer = lock.write(async () => {
      await store.write({ skills: [{ record: { id, name: id, aliases: [] }, hash: "h", vector }] });
      await gate;
      indexes.skills.upsert(id, vector);
    });
    const flushed = h.maintenance.flush();
    await sleep(20);
    expect(existsSync(path.join(h.dir, "skills.manifest.json"))).toBe(false);
    release();
    await Promise.all([writer, flushed]);
    const saved = await h.loadSnapshot();
    expect(saved.has("late")).toBe(true);
    expect(saved.manifest().generation).toBe(await store.vectorGeneration("skills"));
    expect(saved.size()).toBe((await storedIds(store)).length);
  });
});

describe("HNSW slot reuse", () => {
  it("puts new ids into slots freed by deletes instead of growing", async () => {
    h = openHarness();
    const index = createHnswVectorIndex({ dir: h.dir, kind: "reuse", modelId: MODEL, dimensions: DIMS, initialCapacity: 128 });
    const first = randomVectors(10, ids("a", 100));
    for (const [id, v] of first) index.upsert(id, v);
    for (const id of ids("a", 40)) index.remove(id);
    expect([index.size(), index.deletedCount()]).toEqual([60, 40]);

    const second = randomVectors(11, ids("b", 30));
    for (const [id, v] of second) index.upsert(id, v);
    // 30 of the 40 freed slots reused: still 100 slots in all.
    expect([index.size(), index.deletedCount()]).toEqual([90, 10]);
    for (const [id, v] of randomVectors(12, ids("c", 20))) index.upsert(id, v);
    expect([index.size(), index.deletedCount()]).toEqual([110, 0]);

    // Reused slots answer for their new ids, never for the deleted ones.
    for (const [id, v] of second.slice(0, 5)) expect(index.search(v, 1)[0]?.id).toBe(id);
    const deleted = new Set(ids("a", 40));
    for (const [, v] of first.slice(0, 10)) expect(index.search(v, 20).filter((hit) => deleted.has(hit.id))).toEqual([]);
    await index.save({ generation: 1 });
    expect(index.manifest()).toMatchObject({ count: 110, deleted: 0 });
  });
});
