import { describe, expect, it } from "vitest";
import { createCandidateIndex, loadCandidateVectors } from "../../../src/batch/candidate-index.js";
import { createRng } from "../../../src/core/rng.js";
import type { VectorHit, VectorIndex } from "../../../src/vector/vector-index.js";

/** A brute-force VectorIndex over a map: the reference the view must agree with. */
function bruteForce(vectors: Map<string, Float32Array>, dims: number): VectorIndex & { searches: number } {
  const cos = (a: Float32Array, b: Float32Array): number => {
    let d = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < a.length; i++) {
      d += a[i]! * b[i]!;
      na += a[i]! * a[i]!;
      nb += b[i]! * b[i]!;
    }
    return d / Math.sqrt(na * nb);
  };
  const index = {
    searches: 0,
    modelId: "test",
    dimensions: dims,
    size: () => vectors.size,
    deletedCount: () => 0,
    has: (id: string) => vectors.has(id),
    upsert: () => {},
    remove: () => false,
    get: (id: string) => vectors.get(id)?.slice(),
    search(q: Float32Array, k: number, o: { filter?: (id: string) => boolean } = {}): VectorHit[] {
      index.searches++;
      return [...vectors]
        .filter(([id]) => o.filter === undefined || o.filter(id))
        .map(([id, v]) => ({ id, score: cos(q, v) }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .slice(0, k);
    },
    save: () => Promise.resolve(),
    manifest: () => ({ modelId: "test", dimensions: dims, count: vectors.size, deleted: 0, builtAt: "", generation: 0 }),
  };
  return index;
}

describe("candidate index (exact view of the batch's candidates)", () => {
  const dims = 16;
  const rng = createRng(7);
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < 300; i++) vectors.set(`job-${String(i).padStart(3, "0")}`, Float32Array.from({ length: dims }, () => rng.next() * 2 - 1));
  // Two exact duplicates, so ties must fall back to the id order.
  vectors.set("job-dup-a", vectors.get("job-010")!.slice());
  vectors.set("job-dup-b", vectors.get("job-010")!.slice());
  const universeIds = [...vectors.keys()].filter((_, i) => i % 3 === 0 || i >= 300).sort();
  const universe = new Set(universeIds);

  it("answers filtered searches exactly like brute force over the universe", () => {
    const base = bruteForce(vectors, dims);
    const view = createCandidateIndex(base, loadCandidateVectors(base, universeIds));
    for (let q = 0; q < 20; q++) {
      const query = Float32Array.from({ length: dims }, () => rng.next() * 2 - 1);
      const excluded = new Set(universeIds.filter((_, i) => i % 7 === q % 7));
      const filter = (id: string): boolean => universe.has(id) && !excluded.has(id);
      for (const k of [1, 5, 40, 500]) {
        const got = view.search(query, k, { filter });
        const want = base.search(query, k, { filter });
        expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
        got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 5));
      }
    }
  });

  it("breaks score ties by id", () => {
    const base = bruteForce(vectors, dims);
    const view = createCandidateIndex(base, loadCandidateVectors(base, universeIds));
    const hits = view.search(vectors.get("job-010")!, 3, { filter: (id) => id.startsWith("job-dup") || id === "job-010" });
    expect(hits.map((h) => h.id)).toEqual(["job-010", "job-dup-a", "job-dup-b"].filter((id) => universe.has(id)));
  });

  it("serves universe vectors from memory (unit length) and delegates the rest", () => {
    const base = bruteForce(vectors, dims);
    const view = createCandidateIndex(base, loadCandidateVectors(base, universeIds));
    const v = view.get(universeIds[0]!)!;
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    const outside = [...vectors.keys()].find((id) => !universe.has(id))!;
    expect(view.get(outside)).toEqual(vectors.get(outside));
    const before = base.searches;
    view.search(v, 3);
    expect(base.searches).toBe(before + 1); // unfiltered: the underlying index
    expect(() => view.upsert("x", v)).toThrow(/read-only/);
  });
});
