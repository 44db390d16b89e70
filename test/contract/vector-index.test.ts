import { readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isTalentgraphError } from "../../src/core/errors.js";
import { createHnswVectorIndex, loadHnswVectorIndex } from "../../src/vector/hnsw-vector-index.js";
import { describeVectorIndex, randomVectors } from "./vector-index.contract.js";

describeVectorIndex("HnswVectorIndex", {
  create: (o) => createHnswVectorIndex({ ...o, kind: "freelancers" }),
  load: (o) => loadHnswVectorIndex({ ...o, kind: "freelancers" }),
});

describe("HnswVectorIndex files", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "tg-hnsw-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const options = (): { dir: string; kind: string; modelId: string; dimensions: number } => ({ dir, kind: "jobs", modelId: "m", dimensions: 16 });

  it("writes <kind>.hnsw, <kind>.labels.json and <kind>.manifest.json", async () => {
    const index = createHnswVectorIndex({ ...options(), now: () => new Date("2024-05-01T00:00:00Z") });
    index.upsert("a", randomVectors(1, 16, 1)[0]!);
    await index.save({ generation: 3 });
    const manifest = JSON.parse(readFileSync(join(dir, "jobs.manifest.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ modelId: "m", dimensions: 16, count: 1, deleted: 0, generation: 3, builtAt: "2024-05-01T00:00:00.000Z" });
    expect(statSync(join(dir, "jobs.hnsw")).size).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(dir, "jobs.labels.json"), "utf8"))).toMatchObject({ labels: { a: 0 } });
  });

  it("does not grow the index file through delete+insert cycles", async () => {
    const index = createHnswVectorIndex({ ...options(), initialCapacity: 64 });
    const data = randomVectors(300, 16, 2);
    for (let i = 0; i < 50; i++) index.upsert(`x${i}`, data[i]!);
    await index.save({ generation: 1 });
    const before = statSync(join(dir, "jobs.hnsw")).size;
    for (let cycle = 0; cycle < 5; cycle++) {
      for (let i = 0; i < 50; i++) index.remove(`x${cycle * 50 + i}`);
      for (let i = 0; i < 50; i++) index.upsert(`x${(cycle + 1) * 50 + i}`, data[(cycle + 1) * 50 + i]!);
    }
    await index.save({ generation: 2 });
    expect(index.size()).toBe(50);
    expect(index.deletedCount()).toBe(0);
    expect(statSync(join(dir, "jobs.hnsw")).size).toBe(before);
  });

  it("reports a damaged index file or a labels file from another save as INDEX_CORRUPT", async () => {
    const index = createHnswVectorIndex(options());
    randomVectors(20, 16, 3).forEach((v, i) => index.upsert(`y${i}`, v));
    await index.save({ generation: 1 });
    const labels = readFileSync(join(dir, "jobs.labels.json"), "utf8");
    writeFileSync(join(dir, "jobs.labels.json"), labels.replace(/"snapshot":"[^"]+"/, '"snapshot":"other"'));
    const mismatch = await loadHnswVectorIndex(options()).catch((e: unknown) => e);
    expect(isTalentgraphError(mismatch) && mismatch.code).toBe("INDEX_CORRUPT");
    writeFileSync(join(dir, "jobs.labels.json"), labels);
    writeFileSync(join(dir, "jobs.hnsw"), "garbage");
    const damaged = await loadHnswVectorIndex(options()).catch((e: unknown) => e);
    expect(isTalentgraphError(damaged) && damaged.code).toBe("INDEX_CORRUPT");
    writeFileSync(join(dir, "jobs.manifest.json"), "{not json");
    const manifest = await loadHnswVectorIndex(options()).catch((e: unknown) => e);
    expect(isTalentgraphError(manifest) && manifest.code).toBe("INDEX_CORRUPT");
  });

  it("uses exact search for a selective filter (threshold is a parameter)", () => {
    const data = randomVectors(2000, 16, 4);
    const exact = createHnswVectorIndex({ ...options(), exactFilterRatio: 1 });
    const graph = createHnswVectorIndex({ ...options(), exactFilterRatio: 0 });
    data.forEach((v, i) => {
      exact.upsert(`z${i}`, v);
      graph.upsert(`z${i}`, v);
    });
    const allowed = (id: string): boolean => Number(id.slice(1)) % 3 === 0;
    for (const q of [data[1]!, data[500]!, data[999]!]) {
      const a = exact.search(q, 10, { filter: allowed });
      const b = graph.search(q, 10, { filter: allowed });
      expect(a).toHaveLength(10);
      expect(b).toHaveLength(10);
      // Exact results are the ground truth; the graph walk should find nearly all of them.
      const overlap = b.filter((h) => a.some((x) => x.id === h.id)).length;
      expect(overlap).toBeGreaterThanOrEqual(8);
    }
  });
});
