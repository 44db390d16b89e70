/**
 * HNSW against exact search: recall@10 at the default ef, and filtered searches that never come
 * back short.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHnswVectorIndex, type HnswVectorIndex } from "../../src/vector/hnsw-vector-index.js";
import { cosine } from "../../src/embed/embedder.js";
import { randomVectors } from "../contract/vector-index.contract.js";

function build(data: Float32Array[], dimensions: number): HnswVectorIndex {
  const index = createHnswVectorIndex({ dir: "unused", kind: "freelancers", modelId: "m", dimensions });
  data.forEach((v, i) => index.upsert(`d${i}`, v));
  return index;
}

function exactTop(data: Float32Array[], query: Float32Array, k: number, allowed: (i: number) => boolean = () => true): string[] {
  return data
    .map((v, i) => ({ i, s: cosine(v, query) }))
    .filter((x) => allowed(x.i))
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((x) => `d${x.i}`);
}

describe("HnswVectorIndex properties", () => {
  it("recall@10 against exact search is ≥ 0.95 on random 2k×32 data at the default ef", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const data = randomVectors(2000, 32, seed);
        const index = build(data, 32);
        const queries = randomVectors(50, 32, seed + 1);
        let found = 0;
        for (const q of queries) {
          const truth = new Set(exactTop(data, q, 10));
          found += index.search(q, 10).filter((h) => truth.has(h.id)).length;
        }
        expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
      }),
      { numRuns: 2, seed: 20240501 },
    );
  });

  it("filtered search returns min(k, #allowed) hits, all allowed, best first", () => {
    const data = randomVectors(1500, 16, 99);
    const index = build(data, 16);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }), // modulus: selectivity from 100% down to 0.1%
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 1499 }),
        (modulus, offset, k, q) => {
          const allowedIndex = (i: number): boolean => (i + offset) % modulus === 0;
          const allowedCount = data.filter((_, i) => allowedIndex(i)).length;
          const hits = index.search(data[q]!, k, { filter: (id) => allowedIndex(Number(id.slice(1))) });
          expect(hits).toHaveLength(Math.min(k, allowedCount));
          for (const h of hits) expect(allowedIndex(Number(h.id.slice(1)))).toBe(true);
          for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });
});
