/**
 * Searches during a burst of live writes see each write whole or not at all. The writer keeps
 * inserting and deleting freelancers that match the query while readers page through the results;
 * without the pipeline's read lock, a freelancer deleted between retrieval and hydration is dropped
 * from the page (the vector index still had it, the store no longer does). The invariant: every page
 * is full (the corpus always has more matches than a page), and every hit exists in the store and
 * in the vector index that ranked it. The store answers after a short delay, as a networked store
 * (Neo4j) would, which widens the window a missing lock leaves open; the same workload with the lock
 * replaced by a no-op shows the check can fail.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig, type Config } from "../../src/core/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { silentProgress } from "../../src/core/progress.js";
import type { ReadWriteLock } from "../../src/core/rw-lock.js";
import type { GraphStore } from "../../src/graph-store/graph-store.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { createLiveWriter } from "../../src/ingest/live-writer.js";
import { ingestDirectory } from "../../src/ingest/run-ingest.js";
import { createRankingPipeline } from "../../src/pipeline/pipeline.js";
import { openServices, type Services } from "../../src/services.js";

const work = mkdtempSync(path.join(os.tmpdir(), "tg-live-consistency-"));
let config: Config;

const profile = (i: number, churn = false) => ({
  id: `nb-${i}`,
  name: `Nebulon ${i}`,
  // Churned profiles match harder, so they sit at the top of every page while they live.
  title: churn ? `Nebulon engineer nebulon nebulon ${i}` : `Nebulon engineer ${i}`,
  overview: churn ? "Nebulon engineer: nebulon pipelines, nebulon engineer tooling." : "Builds nebulon pipelines with React.",
  skills: [{ name: "React" }],
  available: true,
});

beforeAll(async () => {
  config = loadConfig({ overrides: { dataDir: path.join(work, "data"), model: inject("tinyModelDir"), embedWorker: false, logLevel: "silent" } });
  await generateDemo({ outDir: path.join(work, "input"), freelancers: 300, jobs: 60, seed: 5 });
  const services = await openServices(config);
  try {
    await ingestDirectory(services, path.join(work, "input"), { logger: silentLogger, progress: () => silentProgress });
    // A stable core of 30 matching profiles that are never deleted: pages of 20 always fill.
    const writer = createLiveWriter(services);
    for (let i = 0; i < 30; i++) await writer.upsertFreelancer(profile(i));
  } finally {
    await services.close();
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The store, answering each call after a timer tick (a networked store's round trip). */
function slow(store: GraphStore): GraphStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function burst(services: Services): Promise<{ pages: number; short: number; missing: number }> {
  const pipeline = await createRankingPipeline(services);
  const writer = createLiveWriter(services);
  const index = (await services.indexes()).freelancers;
  let writing = true;
  const writes = (async () => {
    for (let i = 100; i < 220; i++) {
      await writer.upsertFreelancer(profile(i, true));
      await writer.deleteFreelancer(`nb-${i - 1}`);
    }
    writing = false;
  })();
  let pages = 0;
  let short = 0;
  let missing = 0;
  const reader = async (): Promise<void> => {
    while (writing) {
      const page = await pipeline.searchFreelancers({ query: "nebulon engineer", first: 20, profile: "hybrid-fused" });
      pages++;
      if (page.hits.length < 20) short++;
      for (const hit of page.hits) if (!index.has(hit.node.id) && !(await services.store.getFreelancers([hit.node.id]))[0]) missing++;
    }
  };
  await Promise.all([writes, reader(), reader(), reader()]);
  return { pages, short, missing };
}

describe("searches during live writes", () => {
  it("never see half of a write: every page is full and every hit exists", async () => {
    const services = await openServices(config);
    try {
      const r = await burst({ ...services, store: slow(services.store) });
      expect(r.pages).toBeGreaterThan(20);
      expect(r.short).toBe(0);
      expect(r.missing).toBe(0);
    } finally {
      await services.close();
    }
  });

  it("would see them without the lock (the check above can fail)", async () => {
    const services = await openServices(config);
    const noLock: ReadWriteLock = { read: (f) => Promise.resolve(f()), write: (f) => Promise.resolve(f()), state: () => ({ readers: 0, writing: false, waiting: 0 }) };
    try {
      const r = await burst({ ...services, store: slow(services.store), consistency: noLock });
      expect(r.short).toBeGreaterThan(0);
    } finally {
      await services.close();
    }
  });
});
