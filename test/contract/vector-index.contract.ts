/**
 * Contract for VectorIndex adapters: `describeVectorIndex(name, factory)`. The factory creates an
 * empty index or loads a saved one from a directory; the suite owns the directories.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { isTalentgraphError } from "../../src/core/errors.js";
import type { VectorIndex } from "../../src/vector/vector-index.js";
import { cosine } from "../../src/embed/embedder.js";

export interface VectorIndexFactory {
  create(options: { dir: string; modelId: string; dimensions: number; initialCapacity?: number }): VectorIndex;
  load(options: { dir: string; modelId: string; dimensions: number }): Promise<VectorIndex>;
}

const DIM = 8;
const MODEL = "test-model";

export function randomVectors(n: number, dim: number, seed: number): Float32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: dim }, () => rng.normal()));
}

const axis = (i: number, dim = DIM): Float32Array => {
  const v = new Float32Array(dim);
  v[i] = 1;
  return v;
};

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    return isTalentgraphError(error) ? error.code : `foreign: ${String(error)}`;
  }
  return undefined;
}

export function describeVectorIndex(name: string, factory: VectorIndexFactory): void {
  describe(`VectorIndex contract: ${name}`, () => {
    let dir: string;
    let index: VectorIndex;
    const data = randomVectors(200, DIM, 7);
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "tg-vec-"));
      index = factory.create({ dir, modelId: MODEL, dimensions: DIM, initialCapacity: 16 });
      data.forEach((v, i) => index.upsert(`v${String(i).padStart(3, "0")}`, v));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("holds what was upserted, growing past its initial capacity", () => {
      expect(index.size()).toBe(200);
      expect(index.has("v000")).toBe(true);
      expect(index.has("nope")).toBe(false);
      expect(cosine(index.get("v010")!, data[10]!)).toBeCloseTo(1, 5);
      expect(index.get("nope")).toBeUndefined();
      expect(index.modelId).toBe(MODEL);
      expect(index.dimensions).toBe(DIM);
    });

    it("searches by cosine similarity, best first, scores in [-1, 1]", () => {
      const hits = index.search(data[42]!, 5);
      expect(hits).toHaveLength(5);
      expect(hits[0]?.id).toBe("v042");
      expect(hits[0]?.score).toBeCloseTo(1, 5);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
      for (const h of hits) {
        const i = Number(h.id.slice(1));
        expect(h.score).toBeCloseTo(cosine(data[42]!, data[i]!), 4);
      }
      expect(index.search(data[0]!, 0)).toEqual([]);
      expect(index.search(data[0]!, 1000)).toHaveLength(200);
    });

    it("breaks score ties by id", () => {
      const small = factory.create({ dir, modelId: MODEL, dimensions: DIM });
      for (const id of ["c", "a", "b"]) small.upsert(id, axis(0));
      small.upsert("z", axis(1));
      expect(small.search(axis(0), 3).map((h) => h.id)).toEqual(["a", "b", "c"]);
      expect(small.search(axis(0), 2).map((h) => h.id)).toEqual(["a", "b"]);
    });

    it("replaces the vector of an existing id", () => {
      index.upsert("v000", data[150]!);
      expect(index.size()).toBe(200);
      const hits = index.search(data[150]!, 2).map((h) => h.id);
      expect(hits.sort()).toEqual(["v000", "v150"]);
      expect(cosine(index.get("v000")!, data[150]!)).toBeCloseTo(1, 5);
    });

    it("removes ids and reuses their slots", () => {
      expect(index.remove("v042")).toBe(true);
      expect(index.remove("v042")).toBe(false);
      expect(index.has("v042")).toBe(false);
      expect(index.size()).toBe(199);
      expect(index.deletedCount()).toBe(1);
      expect(index.search(data[42]!, 10).map((h) => h.id)).not.toContain("v042");
      index.upsert("new", data[42]!);
      expect(index.deletedCount()).toBe(0);
      expect(index.search(data[42]!, 1)[0]?.id).toBe("new");
      // Re-inserting a removed id works too.
      index.upsert("v042", data[42]!);
      expect(index.search(data[42]!, 2).map((h) => h.id)).toEqual(["new", "v042"]);
    });

    it("applies the filter and never returns fewer than min(k, #allowed)", () => {
      const few = new Set(["v001", "v100", "v199"]);
      const hits = index.search(data[0]!, 10, { filter: (id) => few.has(id) });
      expect(hits.map((h) => h.id).sort()).toEqual([...few].sort());
      const half = index.search(data[0]!, 20, { filter: (id) => Number(id.slice(1)) % 2 === 0 });
      expect(half).toHaveLength(20);
      for (const h of half) expect(Number(h.id.slice(1)) % 2).toBe(0);
      expect(index.search(data[0]!, 5, { filter: () => false })).toEqual([]);
    });

    it("rejects vectors of the wrong length with DIMENSION_MISMATCH", async () => {
      expect(await codeOf(() => index.upsert("bad", new Float32Array(DIM + 1)))).toBe("DIMENSION_MISMATCH");
      expect(await codeOf(() => index.search(new Float32Array(DIM - 1), 3))).toBe("DIMENSION_MISMATCH");
      expect(index.has("bad")).toBe(false);
    });

    it("round-trips through save and load, stamped with the store generation", async () => {
      index.remove("v005");
      await index.save({ generation: 7 });
      const loaded = await factory.load({ dir, modelId: MODEL, dimensions: DIM });
      expect(loaded.manifest()).toMatchObject({ modelId: MODEL, dimensions: DIM, count: 199, deleted: 1, generation: 7 });
      expect(Number.isNaN(Date.parse(loaded.manifest().builtAt))).toBe(false);
      expect(loaded.size()).toBe(199);
      expect(loaded.has("v005")).toBe(false);
      for (const q of [3, 77, 150]) expect(loaded.search(data[q]!, 5)).toEqual(index.search(data[q]!, 5));
      // The loaded index keeps working: the deleted slot is reused.
      loaded.upsert("after-load", data[5]!);
      expect(loaded.deletedCount()).toBe(0);
      expect(loaded.search(data[5]!, 1)[0]?.id).toBe("after-load");
    });

    it("refuses to load under another model or dimensions, saying to re-run ingest", async () => {
      await index.save({ generation: 1 });
      const model = await factory.load({ dir, modelId: "other-model", dimensions: DIM }).catch((e: unknown) => e);
      expect(isTalentgraphError(model) && model.code).toBe("MODEL_MISMATCH");
      expect(String((model as Error).message)).toMatch(/test-model.*other-model.*re-run ingest/);
      const dims = await factory.load({ dir, modelId: MODEL, dimensions: DIM * 2 }).catch((e: unknown) => e);
      expect(isTalentgraphError(dims) && dims.code).toBe("DIMENSION_MISMATCH");
      expect(String((dims as Error).message)).toMatch(/8-d.*16-d.*re-run ingest/);
    });

    it("reports a missing snapshot as INDEX_CORRUPT", async () => {
      expect(await codeOf(() => factory.load({ dir: join(dir, "empty"), modelId: MODEL, dimensions: DIM }))).toBe("INDEX_CORRUPT");
    });

    it("saves and loads an empty index", async () => {
      const empty = factory.create({ dir: join(dir, "e"), modelId: MODEL, dimensions: DIM });
      await empty.save({ generation: 0 });
      const loaded = await factory.load({ dir: join(dir, "e"), modelId: MODEL, dimensions: DIM });
      expect(loaded.size()).toBe(0);
      expect(loaded.search(axis(0), 3)).toEqual([]);
    });
  });
}
