/**
 * Background rebuilds of an HNSW index whose deleted share passed the threshold: built in a real
 * worker thread (tsx-registered, as from sources), installed, caught up from the vector log and
 * swapped in while searches and writes go on; one at a time; failures leave the old index serving.
 */
import { readdirSync } from "node:fs";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { IndexBuilder } from "../../src/vector/index-maintenance.js";
import { ids, openHarness, randomVectors, storedIds, type Harness } from "./vector-harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Searches the skills index under the read lock until stopped; counts the answers. */
function searchLoop(harness: Harness): { count: () => number; stop: () => Promise<void> } {
  const [[, query]] = randomVectors(99, ["q"]) as [[string, Float32Array]];
  let answered = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const hits = await harness.lock.read(() => harness.indexes.skills.search(query, 5));
      if (hits.length === 5) answered++;
      await yieldToLoop();
    }
  })();
  return {
    count: () => answered,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

const noRebuildDirs = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith(".rebuild-"));

describe("index maintenance: background rebuild", () => {
  it("rebuilds past the deleted share without stopping searches, keeping the writes made meanwhile", async () => {
    const during = { searchesBefore: 0, searchesAfter: 0 };
    const probe: { search?: ReturnType<typeof searchLoop> } = {};
    const duringRebuild = { upserts: randomVectors(3, ids("new", 20)), replaced: randomVectors(4, ids("s", 5, 300)), deletes: ids("s", 10, 400) };
    h = openHarness({
      snapshotEveryChanges: 100_000,
      snapshotEveryMs: 3_600_000,
      rebuildDeletedShare: 0.3,
      rebuildMinDeleted: 50,
      builder: (real): IndexBuilder => ({
        async build(...args) {
          during.searchesBefore = probe.search?.count() ?? 0;
          const built = await real.build(...args);
          during.searchesAfter = probe.search?.count() ?? 0;
          // Writes after the build read its vectors: only the log can bring them in.
          await h!.write([...duringRebuild.upserts, ...duringRebuild.replaced], duringRebuild.deletes);
          return built;
        },
      }),
    });
    const { store, indexes, maintenance } = h;
    await h.write(randomVectors(1, ids("s", 600)));
    await maintenance.flush();
    const before = indexes.skills.current();
    const search = (probe.search = searchLoop(h));

    // 150 of 600 deleted (25%) is below the threshold; 290 (48%) passes it and starts the rebuild.
    await h.write([], ids("s", 150));
    expect(maintenance.status().kinds.skills.rebuilding).toBeUndefined();
    await h.write([], ids("s", 140, 150));
    const rebuilding = maintenance.status().kinds.skills.rebuilding;
    expect(rebuilding?.phase).toBe("building");
    // One rebuild per kind: asking again joins it.
    expect(maintenance.rebuild("skills")).toBe(maintenance.rebuild("skills"));
    await maintenance.idle();
    await search.stop();

    const report = maintenance.status().kinds.skills.lastRebuild;
    expect(report, JSON.stringify(h.log)).toMatchObject({ ok: true, replayed: 35 });
    expect(during.searchesAfter - during.searchesBefore).toBeGreaterThan(0);
    expect(indexes.skills.current()).not.toBe(before);

    const stored = await storedIds(store);
    expect(stored).toHaveLength(600 - 290 + 20 - 10);
    expect(indexes.skills.deletedCount()).toBe(0);
    expect(indexes.skills.size()).toBe(stored.length);
    for (const id of stored) expect(indexes.skills.has(id), id).toBe(true);
    for (const [id, v] of [...duringRebuild.upserts, ...duringRebuild.replaced]) expect(indexes.skills.search(v, 1)[0]?.id).toBe(id);
    for (const id of duringRebuild.deletes) expect(indexes.skills.has(id)).toBe(false);

    // The swapped-in index is the snapshot on disk, and the log behind it is trimmed.
    const generation = await store.vectorGeneration("skills");
    const saved = await h.loadSnapshot();
    expect(saved.manifest()).toMatchObject({ generation, count: stored.length, deleted: 0 });
    expect(await store.vectorChanges("skills", generation)).toEqual({ complete: true, changes: [] });
    expect((await store.vectorChanges("skills", 0)).complete).toBe(false);
    expect(noRebuildDirs(h.dir)).toEqual([]);
    expect(h.log.some((l) => l.level === "info" && /rebuilt and swapped in/.test(l.msg))).toBe(true);
  });

  it("leaves the old index serving, on disk too, when the log was trimmed past the build", async () => {
    h = openHarness({
      snapshotEveryChanges: 100_000,
      rebuildMinDeleted: 1_000_000,
      builder: (real): IndexBuilder => ({
        async build(...args) {
          const built = await real.build(...args);
          await h!.write(randomVectors(5, ["late"]));
          // Someone (an ingest run's snapshot) trims the log the rebuild needs.
          await h!.store.trimVectorLog("skills", await h!.store.vectorGeneration("skills"));
          return built;
        },
      }),
    });
    await h.write(randomVectors(1, ids("s", 200)));
    await h.write([], ids("s", 100));
    await h.maintenance.flush();
    const before = h.indexes.skills.current();

    const report = await h.maintenance.rebuild("skills");
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/trimmed/);
    expect(h.indexes.skills.current()).toBe(before);
    expect(h.indexes.skills.has("late")).toBe(true);
    // The build's files had replaced the snapshot; the live index was saved back over them.
    const saved = await h.loadSnapshot();
    expect(saved.manifest()).toMatchObject({ generation: await h.store.vectorGeneration("skills"), count: 101, deleted: before.deletedCount() });
    expect(h.log.some((l) => l.level === "error" && /rebuild failed/.test(l.msg))).toBe(true);
    // A failed kind is not retried on every change.
    await h.write([], ids("s", 10, 100));
    expect(h.maintenance.status().kinds.skills.rebuilding).toBeUndefined();
  });

  it("logs a builder failure and keeps serving", async () => {
    h = openHarness({
      builder: (): IndexBuilder => ({
        build: () => Promise.reject(new Error("disk full")),
      }),
    });
    await h.write(randomVectors(1, ids("s", 20)));
    const before = h.indexes.skills.current();
    const report = await h.maintenance.rebuild("skills");
    expect(report).toMatchObject({ ok: false, error: "disk full" });
    expect(h.indexes.skills.current()).toBe(before);
    expect(h.indexes.skills.size()).toBe(20);
  });

  it("close() cancels a rebuild still building, stops its worker and cleans up its files", async () => {
    let streaming!: () => void;
    const started = new Promise<void>((resolve) => (streaming = resolve));
    h = openHarness({
      snapshotEveryChanges: 100_000,
      builder: (real): IndexBuilder => ({
        build(kind, vectors, info, signal) {
          // Hands the worker a first page, then stalls until the rebuild is cancelled.
          async function* stalled(): AsyncGenerator<{ id: string; vector: Float32Array }> {
            let n = 0;
            for await (const v of vectors) {
              yield v;
              if (++n === 300) break;
            }
            streaming();
            await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
          }
          return real.build(kind, stalled(), info, signal);
        },
      }),
    });
    await h.write(randomVectors(1, ids("s", 600)));
    const before = h.indexes.skills.current();
    const rebuilt = h.maintenance.rebuild("skills");
    await started;
    expect(noRebuildDirs(h.dir)).toHaveLength(1);
    await h.maintenance.close();
    expect(await rebuilt).toMatchObject({ ok: false, error: expect.stringMatching(/cancelled/) as unknown });
    expect(h.indexes.skills.current()).toBe(before);
    expect(noRebuildDirs(h.dir)).toEqual([]);
    // close() flushed the live index.
    expect((await h.loadSnapshot()).size()).toBe(600);
  });
});
